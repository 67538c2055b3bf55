"""Every exercise of notebook 00 accepts a right answer and refuses a wrong one."""

from natokit.exercises import start_here


def test_founders():
    q = start_here.founders()
    assert q.check(12).correct  # the twelve signatories of 4 April 1949
    assert not q.check(10).correct
    assert "Please answer with a number" in q.check("twelve").message


def test_f35_count():
    q = start_here.f35_count()
    assert q.check("4").correct  # 'vier F-35 jachtvliegtuigen' (letter, p03)
    assert not q.check(2).correct
    assert not q.check(None).correct


def test_second_session_partners():
    q = start_here.second_session_partners()
    assert q.check("Moldova").correct
    assert not q.check("Georgia").correct
    assert "not one of the options" in q.check("Norway").message


def test_udcg_meeting_number():
    q = start_here.udcg_meeting_number()
    assert q.check(3).correct  # 'voor de derde keer' (letter, p02)
    assert not q.check(2).correct
    assert not q.check("third").correct


def test_summit_city():
    q = start_here.summit_city()
    assert q.check("Madrid").correct
    assert not q.check("Vilnius").correct
    assert q.check(2022).message == "Please answer with text, not a int."
