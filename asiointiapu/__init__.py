"""Asiointiapu: a companion that walks people through registering as a job seeker in Finland."""

__version__ = "0.1.0"
APP_ID = "asiointiapu"
APP_NAME = "Asiointiapu"
# The desktop file, AppStream and Flatpak id (packaging/linux/, packaging/flatpak/).
DESKTOP_ID = "fi.asiointiapu.Asiointiapu"
