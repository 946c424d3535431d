"""The bundle's entry point: the same as `python -m asiointiapu`."""

import sys

from asiointiapu.app import main

sys.exit(main())
