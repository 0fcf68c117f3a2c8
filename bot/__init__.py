"""The bot platform: settings, logging, the Application, run modes and the local Bot API server."""
