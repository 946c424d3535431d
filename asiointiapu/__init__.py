"""Asiointiapu: a companion that walks people through registering as a job seeker in Finland."""

__version__ = "0.1.0"
APP_ID = "asiointiapu"
APP_NAME = "Asiointiapu"
