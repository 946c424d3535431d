"""python -m asiointiapu.receiver → the receiver's command line."""

from asiointiapu.receiver.cli import main

raise SystemExit(main())
