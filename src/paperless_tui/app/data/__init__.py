"""Local data of the app: where files live, the config file, stored credentials and remembered state."""
