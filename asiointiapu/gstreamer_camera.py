"""A camera's picture through the computer's own GStreamer, for Linux copies of the program in
which Qt has no media backend.

The Linux bundle leaves out Qt's FFmpeg backend plugin: with the Qt Quick and QML it links it
is 37 MB, which would make the bundle a third bigger (docs/performance.md). Every Linux desktop
has GStreamer, as it has PulseAudio: its camera elements come from the system
(`gstreamer1.0-plugins-good` on Debian and Ubuntu; packaging/system-deps.sh installs it).

Bound with ctypes, a handful of stable C functions: PyGObject, GStreamer's own Python binding,
has no wheels for Linux (pip builds it from source against the system's development packages)
and would bring its type libraries into the bundle.

Plain Python, no Qt. Nothing is kept: each frame is copied out, its buffer given back at once,
and the caller drops the copy once painted.
"""

from __future__ import annotations

import ctypes
import itertools
import sys
import threading
from ctypes import POINTER, byref, c_char_p, c_int, c_size_t, c_uint, c_uint64, c_void_p
from dataclasses import dataclass

# BGRx is Qt's RGB32 on little-endian machines: the picture is painted without converting.
# At most 640x480 (a check, not a call: light for old computers), square pixels; videoscale
# keeps the camera's shape.
WANTED_CAPS = (
    b"video/x-raw,format=BGRx,width=(int)[1,640],height=(int)[1,480],"
    b"pixel-aspect-ratio=(fraction)1/1"
)
# Loaded by name from the system, never bundled (packaging/pyinstaller/trim.py).
LIBRARIES = ("libgstreamer-1.0.so.0", "libgstapp-1.0.so.0", "libglib-2.0.so.0")
CAMERA_SOURCES = ("v4l2src", "pipewiresrc", "libcamerasrc")  # one of them is enough
CONVERTERS = ("videoconvert", "videoscale", "appsink")  # all of them are needed

_STATE_NULL, _STATE_PLAYING = 1, 4
_STATE_CHANGE_FAILURE = 0
_MESSAGE_EOS, _MESSAGE_ERROR = 1 << 0, 1 << 1
_MAP_READ = 1
_PARSE_FLAG_FATAL_ERRORS = 1


class _MapInfo(ctypes.Structure):
    """GstMapInfo: where a mapped buffer's bytes are."""

    _fields_ = [
        ("memory", c_void_p),
        ("flags", c_int),
        ("data", c_void_p),
        ("size", c_size_t),
        ("maxsize", c_size_t),
        ("user_data", c_void_p * 4),
        ("_gst_reserved", c_void_p * 4),
    ]


class _GList(ctypes.Structure):
    pass


_GList._fields_ = [("data", c_void_p), ("next", POINTER(_GList)), ("prev", POINTER(_GList))]

# name: (result, arguments). Objects are plain pointers; strings the caller frees are c_void_p.
_FUNCTIONS: dict[str, tuple[object, list[object]]] = {
    "gst_init_check": (c_int, [c_void_p, c_void_p, c_void_p]),
    "gst_element_factory_find": (c_void_p, [c_char_p]),
    "gst_element_factory_make": (c_void_p, [c_char_p, c_char_p]),
    "gst_pipeline_new": (c_void_p, [c_char_p]),
    "gst_object_ref_sink": (c_void_p, [c_void_p]),
    "gst_object_unref": (None, [c_void_p]),
    "gst_mini_object_unref": (None, [c_void_p]),
    "gst_bin_add": (c_int, [c_void_p, c_void_p]),
    "gst_element_link": (c_int, [c_void_p, c_void_p]),
    "gst_element_set_state": (c_int, [c_void_p, c_int]),
    "gst_element_get_bus": (c_void_p, [c_void_p]),
    "gst_bus_pop": (c_void_p, [c_void_p]),
    "gst_bus_pop_filtered": (c_void_p, [c_void_p, c_uint]),
    "gst_caps_from_string": (c_void_p, [c_char_p]),
    "gst_caps_get_structure": (c_void_p, [c_void_p, c_uint]),
    "gst_structure_get_int": (c_int, [c_void_p, c_char_p, POINTER(c_int)]),
    "gst_structure_to_string": (c_void_p, [c_void_p]),
    "gst_structure_free": (None, [c_void_p]),
    "gst_sample_get_buffer": (c_void_p, [c_void_p]),
    "gst_sample_get_caps": (c_void_p, [c_void_p]),
    "gst_buffer_map": (c_int, [c_void_p, POINTER(_MapInfo), c_int]),
    "gst_buffer_unmap": (None, [c_void_p, POINTER(_MapInfo)]),
    "gst_util_set_object_arg": (None, [c_void_p, c_char_p, c_char_p]),
    "gst_parse_bin_from_description_full": (c_void_p, [c_char_p, c_int, c_void_p, c_int, c_void_p]),
    "gst_device_monitor_new": (c_void_p, []),
    "gst_device_monitor_add_filter": (c_uint, [c_void_p, c_char_p, c_void_p]),
    "gst_device_monitor_start": (c_int, [c_void_p]),
    "gst_device_monitor_stop": (None, [c_void_p]),
    "gst_device_monitor_get_bus": (c_void_p, [c_void_p]),
    "gst_device_monitor_get_devices": (POINTER(_GList), [c_void_p]),
    "gst_device_get_display_name": (c_void_p, [c_void_p]),
    "gst_device_get_properties": (c_void_p, [c_void_p]),
    "gst_device_create_element": (c_void_p, [c_void_p, c_char_p]),
    "gst_app_sink_set_caps": (None, [c_void_p, c_void_p]),
    "gst_app_sink_set_max_buffers": (None, [c_void_p, c_uint]),
    "gst_app_sink_set_drop": (None, [c_void_p, c_int]),
    "gst_app_sink_try_pull_sample": (c_void_p, [c_void_p, c_uint64]),
    "g_free": (None, [c_void_p]),
    "g_list_free": (None, [POINTER(_GList)]),
}


class _Gst:
    """The C functions, each set up with its signature, as attributes."""

    def __init__(self, libraries: list[ctypes.CDLL]) -> None:
        for name, (result, arguments) in _FUNCTIONS.items():
            function = next((getattr(lib, name) for lib in libraries if hasattr(lib, name)), None)
            if function is None:
                raise OSError(f"GStreamer has no {name}")
            function.restype = result
            function.argtypes = arguments
            setattr(self, name, function)

    def text(self, pointer: int | None) -> str:
        """A string GStreamer handed over (and the caller frees)."""
        if not pointer:
            return ""
        try:
            return ctypes.string_at(pointer).decode("utf-8", "replace")
        finally:
            self.g_free(pointer)

    def has_element(self, name: str) -> bool:
        factory = self.gst_element_factory_find(name.encode())
        if factory:
            self.gst_object_unref(factory)
        return bool(factory)


_lock = threading.Lock()
_loaded: list[_Gst | None] = []  # empty: not tried yet


def _gst() -> _Gst | None:
    """GStreamer, initialised once; None where it or the elements a camera needs are missing.
    The first call may take a while (GStreamer reads its plugins once per computer): it is
    safe from any thread."""
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> _Gst | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        gst = _Gst([ctypes.CDLL(name) for name in LIBRARIES])
    except OSError:
        return None
    if not gst.gst_init_check(None, None, None):
        return None
    if not all(gst.has_element(name) for name in CONVERTERS):
        return None
    if not any(gst.has_element(name) for name in CAMERA_SOURCES):
        return None
    return gst


def available() -> bool:
    """Whether this computer's GStreamer can show a camera's picture."""
    return _gst() is not None


class CameraUnavailable(Exception):
    """GStreamer, or what a camera needs of it, is missing."""


@dataclass(frozen=True)
class Frame:
    """One picture: rows of BGRx pixels (4 bytes each), `stride` bytes apart."""

    width: int
    height: int
    stride: int
    data: bytes


@dataclass(frozen=True)
class CameraDevice:
    """A camera as the system lists it. `id` stays the same while it stays plugged in."""

    id: str
    name: str


class CameraWatch:
    """The cameras on this computer, kept up to date while the watch is open: plugging one in
    or out is noticed by changed()."""

    def __init__(self) -> None:
        gst = _gst()
        if gst is None:
            raise CameraUnavailable
        self._gst = gst
        self._monitor = gst.gst_device_monitor_new()
        gst.gst_object_ref_sink(self._monitor)
        gst.gst_device_monitor_add_filter(self._monitor, b"Video/Source", None)
        self._bus = gst.gst_device_monitor_get_bus(self._monitor)
        # Started, the monitor follows plugging in and out; a failed start (no providers)
        # leaves a list that is empty and stays so.
        self._started = bool(gst.gst_device_monitor_start(self._monitor))

    def cameras(self) -> list[CameraDevice]:
        return [device for device, _pointer in self._devices(keep=False)]

    def changed(self) -> bool:
        """Whether a camera was plugged in or out since the last call."""
        changed = False
        while message := self._gst.gst_bus_pop(self._bus):
            self._gst.gst_mini_object_unref(message)
            changed = True
        return changed

    def open(self, camera_id: str) -> CameraStream:
        """A stream from the camera with this id; CameraUnavailable when it has gone."""
        found = None
        for device, pointer in self._devices(keep=True):
            if found is None and device.id == camera_id:
                found = self._gst.gst_device_create_element(pointer, None)
            self._gst.gst_object_unref(pointer)
        if not found:
            raise CameraUnavailable
        return CameraStream(found)

    def close(self) -> None:
        if self._monitor:
            if self._started:
                self._gst.gst_device_monitor_stop(self._monitor)
            self._gst.gst_object_unref(self._bus)
            self._gst.gst_object_unref(self._monitor)
            self._monitor = self._bus = None

    def _devices(self, *, keep: bool) -> list[tuple[CameraDevice, int]]:
        """The cameras with their GstDevice pointers: the caller unrefs them when keep is set,
        else they are let go here and the pointers must not be used."""
        gst = self._gst
        found: list[tuple[CameraDevice, int]] = []
        head = gst.gst_device_monitor_get_devices(self._monitor)
        node = head
        while node:
            pointer = node.contents.data
            name = gst.text(gst.gst_device_get_display_name(pointer))
            properties = gst.gst_device_get_properties(pointer)
            described = ""
            if properties:
                described = gst.text(gst.gst_structure_to_string(properties))
                gst.gst_structure_free(properties)
            found.append((CameraDevice(id=described or name, name=name), pointer))
            if not keep:
                gst.gst_object_unref(pointer)
            node = node.contents.next
        if head:
            gst.g_list_free(head)
        return found


class CameraStream:
    """Pictures from one source element: start(), then latest() as often as wanted (it never
    waits), failed() to learn of an unplugged or busy camera, close() to let it go."""

    def __init__(self, source: int) -> None:
        """`source`: a new GStreamer element (a floating reference, which is taken over)."""
        gst = _gst()
        if gst is None:
            raise CameraUnavailable
        self._gst = gst
        self._failed = False
        self._bus = None
        self._pipeline = gst.gst_pipeline_new(b"asiointiapu-camera-check")
        gst.gst_object_ref_sink(self._pipeline)
        elements = [source] + [gst.gst_element_factory_make(n.encode(), None) for n in CONVERTERS]
        for element in elements:
            if element:
                gst.gst_bin_add(self._pipeline, element)  # the pipeline owns them now
        self._sink = elements[-1]
        linked = all(elements) and all(
            gst.gst_element_link(a, b) for a, b in itertools.pairwise(elements)
        )
        if not linked:
            self.close()
            raise CameraUnavailable
        caps = gst.gst_caps_from_string(WANTED_CAPS)
        gst.gst_app_sink_set_caps(self._sink, caps)
        gst.gst_mini_object_unref(caps)
        # Only the newest picture waits; older ones are dropped, so a slow painter never
        # falls behind and memory stays flat.
        gst.gst_app_sink_set_max_buffers(self._sink, 1)
        gst.gst_app_sink_set_drop(self._sink, 1)
        gst.gst_util_set_object_arg(self._sink, b"sync", b"false")
        self._bus = gst.gst_element_get_bus(self._pipeline)

    @classmethod
    def from_description(cls, description: str) -> CameraStream:
        """A stream from a source described as gst-launch does, e.g.
        'videotestsrc is-live=true ! capsfilter caps="video/x-raw,width=1280,height=720"'."""
        gst = _gst()
        if gst is None:
            raise CameraUnavailable
        # Ghost pads for what is left unlinked: the bin is a source; an unknown element or
        # property is an error, not a part left out.
        source = gst.gst_parse_bin_from_description_full(
            description.encode(), 1, None, _PARSE_FLAG_FATAL_ERRORS, None
        )
        if not source:
            raise CameraUnavailable
        return cls(source)

    @property
    def is_open(self) -> bool:
        """Until close(): the camera may be in use."""
        return bool(self._pipeline)

    def start(self) -> bool:
        """Start the pictures; False when the camera cannot be opened at all. Pictures come a
        moment later (or failed() says why not)."""
        if not self._pipeline:
            return False
        result = self._gst.gst_element_set_state(self._pipeline, _STATE_PLAYING)
        if result == _STATE_CHANGE_FAILURE:
            self._failed = True
        return not self._failed

    def latest(self) -> Frame | None:
        """The newest picture since the last call, or None."""
        gst = self._gst
        if not self._pipeline:
            return None
        sample = gst.gst_app_sink_try_pull_sample(self._sink, 0)
        if not sample:
            return None
        try:
            structure = gst.gst_caps_get_structure(gst.gst_sample_get_caps(sample), 0)
            width, height = c_int(0), c_int(0)
            gst.gst_structure_get_int(structure, b"width", byref(width))
            gst.gst_structure_get_int(structure, b"height", byref(height))
            buffer = gst.gst_sample_get_buffer(sample)
            info = _MapInfo()
            if not buffer or not gst.gst_buffer_map(buffer, byref(info), _MAP_READ):
                return None
            try:
                data = ctypes.string_at(info.data, info.size)
            finally:
                gst.gst_buffer_unmap(buffer, byref(info))
        finally:
            gst.gst_mini_object_unref(sample)
        if width.value <= 0 or height.value <= 0:
            return None
        stride = len(data) // height.value
        if stride < width.value * 4:
            return None
        return Frame(width.value, height.value, stride, data)

    def failed(self) -> bool:
        """Whether the pictures have stopped for good: unplugged, taken by another program,
        or never started."""
        if self._pipeline and not self._failed:
            message = self._gst.gst_bus_pop_filtered(self._bus, _MESSAGE_ERROR | _MESSAGE_EOS)
            if message:
                self._gst.gst_mini_object_unref(message)
                self._failed = True
        return self._failed

    def close(self) -> None:
        """Let the camera go (its light goes off now). Safe to call again."""
        if self._pipeline:
            self._gst.gst_element_set_state(self._pipeline, _STATE_NULL)
            if self._bus:
                self._gst.gst_object_unref(self._bus)
            self._gst.gst_object_unref(self._pipeline)
            self._pipeline = self._bus = self._sink = None
