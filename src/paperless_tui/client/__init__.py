"""Async client for the Paperless-ngx REST API (httpx + pydantic). Never imports Textual."""
