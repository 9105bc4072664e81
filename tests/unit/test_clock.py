import datetime as dt

from chainchief.domain.clock import today


def test_today_honours_the_override(monkeypatch) -> None:
    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-03-31")
    assert today() == dt.date(2027, 3, 31)


def test_today_is_shanghai_date_without_override(monkeypatch) -> None:
    monkeypatch.delenv("CHAINCHIEF_TODAY", raising=False)
    from zoneinfo import ZoneInfo

    assert today() == dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def test_now_falls_on_the_overridden_day(monkeypatch) -> None:
    from chainchief.domain.clock import SHANGHAI, now

    monkeypatch.setenv("CHAINCHIEF_TODAY", "2027-03-31")
    moment = now()
    assert moment.date() == dt.date(2027, 3, 31)
    assert moment.utcoffset() == dt.datetime.now(SHANGHAI).utcoffset()
