"""``chainchief gaps`` on the demo city: the documented JSON, the table, unknown chains."""

from __future__ import annotations

import json
from pathlib import Path

from chainchief import cli

TIER_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}
STAGES = {"reserve", "contact", "negotiating", "signed", "landed"}


def gaps(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(["gaps", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_gaps_json_matches_the_contract(capsys, demo_db_path: Path) -> None:
    code, out, _err = gaps(capsys, "--json", "--db", str(demo_db_path))
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["chains"]
    chains = document["chains"]
    assert len(chains) == 8
    assert [c["chain"] for c in chains] == sorted(c["chain"] for c in chains)
    for chain in chains:
        assert list(chain) == [
            "chain",
            "completeness",
            "leading_coverage",
            "segments",
            "breakpoints",
        ]
        segments = chain["segments"]
        keys = [(TIER_ORDER[s["tier"]], s["segment"]) for s in segments]
        assert keys == sorted(keys)
        for segment in segments:
            assert list(segment) == [
                "segment",
                "tier",
                "key",
                "local_firms",
                "status",
                "critical",
                "chokepoint",
                "fill_candidates",
            ]
            assert segment["status"] in {"missing", "weak", "strong"}
            assert segment["chokepoint"] == (segment["critical"] and segment["status"] != "strong")
            assert {c["stage"] for c in segment["fill_candidates"]} <= STAGES
        points = [(b["upstream"], b["downstream"]) for b in chain["breakpoints"]]
        assert points == sorted(points)
        missing = sum(1 for s in segments if s["status"] == "missing")
        expected = round(100 * (len(segments) - missing) / len(segments), 1) if segments else 0.0
        assert abs(chain["completeness"] - expected) <= 0.05


def test_the_demo_city_has_gaps_to_show(capsys, demo_db_path: Path) -> None:
    chains = json.loads(gaps(capsys, "--json", "--db", str(demo_db_path))[1])["chains"]
    statuses = {s["status"] for c in chains for s in c["segments"]}
    assert statuses == {"missing", "weak", "strong"}
    assert any(s["chokepoint"] for c in chains for s in c["segments"])
    assert any(c["breakpoints"] for c in chains)


def test_one_chain_by_name(capsys, demo_db_path: Path) -> None:
    code, out, _err = gaps(capsys, "--chain", "集成电路", "--json", "--db", str(demo_db_path))
    assert code == 0
    assert [c["chain"] for c in json.loads(out)["chains"]] == ["集成电路"]


def test_unknown_chain_lists_the_known_ones(capsys, demo_db_path: Path) -> None:
    code, _out, err = gaps(capsys, "--chain", "造船", "--db", str(demo_db_path))
    assert code == 2
    assert "造船" in err and "新能源汽车" in err and "集成电路" in err


def test_table_reads_in_chinese(capsys, demo_db_path: Path) -> None:
    code, out, _err = gaps(capsys, "--lang", "zh_CN", "--db", str(demo_db_path))
    assert code == 0
    assert "完整度" in out and "缺链" in out and "上游" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes
