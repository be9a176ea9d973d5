"""Small reusable modal dialogs: an error with copyable detail, and a yes/no confirmation."""
