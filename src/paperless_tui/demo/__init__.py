"""Built-in demo server: a Paperless-ngx 3.0.5-compatible archive (Starlette + SQLite/FTS5).

Never imports the client or the app.
"""
