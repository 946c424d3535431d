"""Shared machines (service points, libraries): the staff PIN and the program's own browser
session. Plain Python; the idle warning and the wipe are bound to the window in
asiointiapu/ui/shared_machine.py."""
