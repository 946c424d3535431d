"""How loud a piece of recorded sound is, as a number from 0 to 100 that a level meter shows.

Pure Python, no Qt: the device check (asiointiapu/ui/device_check.py) hands over the raw
samples it reads from the microphone, in the sample format the sound system gave it.
"""

from __future__ import annotations

import math
from array import array

# The meter's range in dBFS (decibels below the loudest possible sound). Quiet room noise of a
# working microphone is around -60 to -50, speech at a normal distance -35 to -20.
FLOOR_DB = -60.0
# Above this the microphone clearly hears something (about -48 dBFS): more than the noise of
# a microphone that is switched on in a quiet room, less than any voice near it.
HEARD = 20

# Sample format → (array type code, offset to subtract, full scale). Samples are in the
# computer's own byte order, as Qt gives them.
_FORMATS = {
    "uint8": ("B", 128.0, 128.0),
    "int16": ("h", 0.0, 32768.0),
    "int32": ("i", 0.0, 2147483648.0),
    "float": ("f", 0.0, 1.0),
}
SAMPLE_FORMATS = tuple(_FORMATS)


def rms(data: bytes, sample_format: str) -> float:
    """Root mean square of the samples, 0.0 (silence) to 1.0 (full scale); channels mixed in."""
    code, offset, scale = _FORMATS[sample_format]
    samples = array(code)
    size = samples.itemsize
    samples.frombytes(data[: len(data) // size * size])
    if not samples:
        return 0.0
    total = math.fsum((s - offset) * (s - offset) for s in samples)
    return min(math.sqrt(total / len(samples)) / scale, 1.0)


def level(data: bytes, sample_format: str) -> int:
    """The loudness as a meter shows it: 0 at FLOOR_DB and below, 100 at full scale."""
    value = rms(data, sample_format)
    if value <= 0.0:
        return 0
    decibels = 20 * math.log10(value)
    return round(max(0.0, min(1.0, 1 - decibels / FLOOR_DB)) * 100)
