import sys

from asiointiapu.app import main

sys.exit(main())
