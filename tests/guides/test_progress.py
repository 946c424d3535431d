import pytest

from asiointiapu.guides.progress import Progress

IDS = ("a", "b", "c")


def test_next_and_back_walk_the_steps_and_stop_at_the_ends():
    p = Progress(IDS)
    assert (p.current, p.position, p.total, p.is_first) == ("a", 1, 3, True)
    assert p.previous_id is None
    assert not p.back()
    assert p.next() and p.next()
    assert p.current == "c" and p.is_last and p.next_id is None
    assert not p.next()
    assert p.back() and p.current == "b" and p.next_id == "c" and p.previous_id == "a"


def test_moving_on_marks_the_step_left_as_done():
    p = Progress(IDS)
    p.next()
    assert p.done == {"a"}
    p.back()
    assert p.done == {"a"}  # going back does not undo what was done


def test_jump_to_a_named_step_and_refuse_unknown_ones():
    p = Progress(IDS)
    p.jump("c")
    assert p.current == "c"
    with pytest.raises(KeyError):
        p.jump("z")
    assert p.current == "c"


def test_mark_done_and_undo():
    p = Progress(IDS)
    p.mark_done("b")
    p.mark_done("a")
    p.mark_done("a", done=False)
    assert p.done == {"b"}
    with pytest.raises(KeyError):
        p.mark_done("z")


def test_resume_round_trip():
    p = Progress(IDS)
    p.next()
    p.next()
    p.set_checked("a/2/1", True)
    p.set_checked("a/2/3", True)
    p.set_checked("a/2/3", False)
    p.set_answered("b", False)
    p.set_answered("a", True)
    saved = p.to_dict()
    assert saved == {
        "step": "c",
        "done": ["a", "b"],
        "checked": ["a/2/1"],
        "answered": {"a": True, "b": False},
    }
    again = Progress.resume(IDS, saved)
    assert (again.current, again.done, again.checked) == ("c", {"a", "b"}, {"a/2/1"})
    assert again.answered == {"a": True, "b": False}


def test_answers_of_unknown_steps_are_refused_and_dropped_on_resume():
    p = Progress(IDS)
    with pytest.raises(KeyError):
        p.set_answered("z", True)
    again = Progress.resume(IDS, {"answered": {"a": False, "gone": True, "b": "yes"}})
    assert again.answered == {"a": False}
    assert Progress.resume(IDS, {"answered": ["a"]}).answered == {}


def test_ticks_of_unknown_steps_are_refused_and_dropped_on_resume():
    p = Progress(IDS)
    with pytest.raises(KeyError):
        p.set_checked("z/1/1", True)
    again = Progress.resume(IDS, {"checked": ["a/1/1", "gone/1/1", 5]})
    assert again.checked == {"a/1/1"}


@pytest.mark.parametrize(
    "saved",
    [None, "c", [], {"step": 3}, {"step": "gone"}, {"done": "a"}, {"step": None, "done": [1]}],
)
def test_resume_from_unusable_data_starts_at_the_beginning(saved):
    p = Progress.resume(IDS, saved)
    assert p.current == "a"
    assert p.done == set()


def test_resume_after_the_guide_changed_keeps_what_still_exists():
    p = Progress.resume(("a", "new", "c"), {"step": "c", "done": ["a", "b"]})
    assert (p.current, p.position, p.done) == ("c", 3, {"a"})


def test_a_guide_without_steps_has_no_progress():
    with pytest.raises(ValueError):
        Progress(())


def test_the_other_steps_come_nearest_first_the_next_before_the_previous():
    p = Progress(("a", "b", "c", "d", "e"))
    assert p.others_nearest_first() == ["b", "c", "d", "e"]
    p.jump("c")
    assert p.others_nearest_first() == ["d", "b", "e", "a"]
    p.jump("e")
    assert p.others_nearest_first() == ["d", "c", "b", "a"]
    assert Progress(("only",)).others_nearest_first() == []
