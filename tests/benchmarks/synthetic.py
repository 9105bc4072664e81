"""Seeded synthetic cities in the import layout of DESIGN.md §3, shared by the benchmarks.

Rows are keyed by sheet code and carry the columns' English aliases with the values a user
would type in the Chinese workbook (上游, 区内, 链主, 是…), dates as ``datetime.date`` (Excel date
cells) and lists joined with 、. The chain structure is layered like a real chain: each tier
has a few levels and links mostly run to the next level, so links respect tier order and can
never form a cycle. The same seed always gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from stdnum.cn import uscc as uscc_number

from chainchief.domain.enums import CodedEnum, Location, Role, Stage, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode, TargetRef

Rows = dict[str, list[dict[str, object]]]
Coded = TypeVar("Coded", bound=CodedEnum)


def _words(text: str) -> list[str]:
    return text.split()


COLUMNS: dict[str, tuple[str, ...]] = {
    "chains": ("chain", "chief", "team_lead", "team_members", "lead_department",
               "supporting_departments", "min_local_firms", "description"),
    "segments": ("chain", "segment", "tier", "key", "description"),
    "links": ("chain", "upstream", "downstream"),
    "firms": ("firm", "uscc", "location", "park", "tags", "revenue", "employees", "contact",
              "phone"),
    "firm_segments": ("firm", "chain", "segment", "role", "product", "uscc"),
    "targets": ("chain", "segment", "firm", "region", "stage", "owner", "investment",
                "next_step"),
    "projects": ("chain", "project", "segment", "investor", "investment", "stage", "signed_on",
                 "owner"),
    "people": ("name", "title", "department", "phone", "email", "unavailable"),
    "indicators": ("chain", "quarter", "indicator", "target", "actual"),
    "actions": ("chain", "item", "department", "owner", "due", "status", "completion_note",
                "common_issue"),
}  # fmt: skip

CHAIN_NAMES = _words(
    "新能源汽车 集成电路 生物医药 高端装备 新材料 人工智能 光伏 储能 氢能 工业互联网 智能网联汽车 "
    "航空航天 医疗器械 数字创意 节能环保"
)
SEGMENT_HEADS = _words(
    "锂 钴 镍 硅 稀土 铜箔 铝箔 石墨 碳纤维 光刻 晶圆 封装 电机 电控 电驱 热管理 激光 传感 射频 "
    "功率 存储 显示 算力 氢燃料 膜电极 催化 医用 影像 基因 疫苗 航电 复合 精密 智能"
)
SEGMENT_TAILS = _words(
    "矿 材料 前驱体 电芯 模组 控制器 芯片 软件 整机 回收 装备 检测 部件 系统 服务 设计 制造 "
    "试剂 平台"
)
FIRM_MARKS = "华中鑫瑞达博恒宇科创新远航信泰力盛德源海腾晟昇堃燊嘉誉铭睿通凯润丰弘"
FIRM_TRADES = _words("科技 材料 电子 智能 能源 精密 医药 装备 半导体 新能源")
FIRM_FORMS = _words("有限公司 股份有限公司 集团有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红"
DEPARTMENTS = _words(
    "经济发展局 投资促进局 科技创新局 发展改革局 财政局 自然资源局 生态环境局 市场监管局 "
    "人力资源局 商务局 规划建设局 行政审批局"
)
PARKS = _words("高新园 智造园 生物港 新材料园 临港园 数字谷")
TAGS = _words('规上 上市 高新技术企业 专精特新 专精特新"小巨人" 单项冠军 独角兽 瞪羚')
REGIONS = _words("江苏苏州 广东深圳 上海浦东 浙江宁波 安徽合肥 四川成都 湖北武汉")
INDICATORS = _words("主营业务收入 产值 投资 新引进项目")
TIER_SHARE = ((Tier.UPSTREAM, 0.3), (Tier.MIDSTREAM, 0.4), (Tier.DOWNSTREAM, 0.3))
LEVEL_STEP_WEIGHTS = ((1, 0.72), (2, 0.18), (3, 0.06), (4, 0.04))
BASE_DAY = dt.date(2027, 1, 4)


def synthetic_city(
    seed: int = 1, chains: int = 12, segments: int = 720, links: int = 2000, firms: int = 20000,
    memberships: int = 60000, targets: int = 2000, actions: int = 3000, projects: int = 400,
    people: int = 120,
) -> Rows:  # fmt: skip
    """A whole zone: ``segments`` and ``links`` are city totals, spread evenly over chains."""
    rng = random.Random(seed)
    rows: Rows = {sheet: [] for sheet in COLUMNS}
    names = _people(rng, max(people, chains * 4))
    rows["people"] = [_person_row(rng, name) for name in names]
    chain_names = _unique_names(CHAIN_NAMES, chains)
    shapes = []
    for index, chain in enumerate(chain_names):
        size = _share(segments, chains, index)
        shape = _chain_shape(rng, chain, size, _share(links, chains, index))
        shapes.append(shape)
        rows["chains"].append(_chain_row(rng, chain, names))
        rows["segments"].extend(shape.segment_rows)
        rows["links"].extend(shape.link_rows)
    firm_rows = [_firm_row(rng, index) for index in range(firms)]
    rows["firms"] = firm_rows
    rows["firm_segments"] = _memberships(rng, shapes, firm_rows, memberships)
    rows["targets"] = _targets(rng, shapes, names, targets)
    rows["projects"] = _projects(rng, shapes, names, projects)
    rows["indicators"] = _indicators(rng, chain_names)
    rows["actions"] = _actions(rng, chain_names, names, actions)
    return rows


def big_chain(seed: int = 1, segments: int = 2000, links: int = 6000) -> Rows:
    """One very large chain (layout and analysis stress), with firms in proportion."""
    return synthetic_city(
        seed=seed, chains=1, segments=segments, links=links, firms=segments * 3,
        memberships=segments * 6, targets=segments // 2, actions=200, projects=100, people=40,
    )  # fmt: skip


def graph_from_rows(rows: Rows, chain_name: str, chain_id: int = 1) -> ChainGraph:
    """The chain's graph as a service would build it from the database (ids by row order)."""
    return _graph(rows, chain_name, chain_id, _FirmIndex(rows))


def city_graphs(rows: Rows) -> list[ChainGraph]:
    firms = _FirmIndex(rows)
    chains = enumerate(rows["chains"], start=1)
    return [_graph(rows, str(row["chain"]), index, firms) for index, row in chains]


class _FirmIndex:
    """Firms keyed as the importer keys them: USCC when given, else the name."""

    def __init__(self, rows: Rows) -> None:
        self.key_by_name = {row["firm"]: row.get("uscc") or row["firm"] for row in rows["firms"]}
        local = [row for row in rows["firms"] if row["location"] == Location.IN_ZONE.file_value]
        self.local = {row.get("uscc") or row["firm"] for row in local}


def _graph(rows: Rows, chain_name: str, chain_id: int, firms: _FirmIndex) -> ChainGraph:
    def mine(sheet: str) -> list[dict[str, object]]:
        return [row for row in rows[sheet] if row["chain"] == chain_name]

    segment_rows = mine("segments")
    ids = {str(row["segment"]): index for index, row in enumerate(segment_rows, start=1)}
    local_firms: dict[int, set[object]] = defaultdict(set)
    roles: dict[int, set[Role]] = defaultdict(set)
    for row in mine("firm_segments"):
        key = row.get("uscc") or firms.key_by_name[row["firm"]]
        if key in firms.local:
            local_firms[ids[str(row["segment"])]].add(key)
            roles[ids[str(row["segment"])]].add(_parse(Role, row["role"]))
    targets: dict[int, list[TargetRef]] = defaultdict(list)
    for row in mine("targets"):
        owner = str(row["owner"]) if row.get("owner") else None
        target = TargetRef(str(row["firm"]), _parse(Stage, row["stage"]), owner)
        targets[ids[str(row["segment"])]].append(target)
    nodes: list[SegmentNode] = []
    for row in segment_rows:
        name, tier, key = str(row["segment"]), _parse(Tier, row["tier"]), row["key"] == "是"
        found = ids[name]
        nodes.append(
            SegmentNode(found, name, tier, key, local_firms=len(local_firms[found]),
                        roles=frozenset(roles[found]), targets=tuple(targets[found]))
        )  # fmt: skip
    edges = tuple(
        LinkEdge(ids[str(row["upstream"])], ids[str(row["downstream"])]) for row in mine("links")
    )
    minimum = mine("chains")[0].get("min_local_firms")
    return ChainGraph(
        chain_id, chain_name, int(str(minimum)) if minimum else 2, tuple(nodes), edges
    )


def _parse(enum: type[Coded], value: object) -> Coded:
    member = enum.parse(str(value))
    if not isinstance(member, enum):
        raise ValueError(f"{value!r} is not a {enum.__name__}")
    return member


def valid_uscc(rng: random.Random) -> str:
    """A USCC whose organisation code (GB 11714) and final check digit are both valid."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    org_check = {10: "X", 11: "0"}.get(check, str(check))
    head = "91" + rng.choice(("320505", "320506", "310115", "440305")) + body + org_check
    return head + uscc_number.calc_check_digit(head)


def _row(sheet: str, *values: object) -> dict[str, object]:
    return dict(zip(COLUMNS[sheet], values, strict=True))


@dataclass
class _Shape:
    """One chain's segments by (tier, level), its rows, and which segments get few local firms."""

    chain: str
    levels: list[list[str]] = field(default_factory=list)
    segment_names: list[str] = field(default_factory=list)
    segment_rows: list[dict[str, object]] = field(default_factory=list)
    link_rows: list[dict[str, object]] = field(default_factory=list)
    no_local: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)


def _chain_shape(rng: random.Random, chain: str, size: int, link_count: int) -> _Shape:
    shape = _Shape(chain)
    names = iter(_segment_names(rng))
    for tier, count in _tier_counts(size):
        level_count = max(1, min(8, round(math.log2(count)) - 2)) if count else 0
        lane_levels: list[list[str]] = [[] for _ in range(level_count)]
        for index in range(count):
            name = next(names)
            lane_levels[index * level_count // count].append(name)
            key = "是" if rng.random() < 0.15 else "否"
            shape.segment_names.append(name)
            shape.segment_rows.append(
                _row("segments", chain, name, tier.file_value, key, f"{name}环节")
            )
        shape.levels.extend(lane_levels)
    level_of = {name: index for index, level in enumerate(shape.levels) for name in level}
    sources = [name for name in shape.segment_names if level_of[name] < len(shape.levels) - 1]
    steps, weights = zip(*LEVEL_STEP_WEIGHTS, strict=True)
    seen: set[tuple[str, str]] = set()
    attempts = 0
    while len(seen) < link_count:
        attempts += 1
        if not sources or attempts > link_count * 50:
            raise ValueError(f"cannot place {link_count} links among {size} segments")
        upstream = rng.choice(sources)
        level = min(level_of[upstream] + rng.choices(steps, weights)[0], len(shape.levels) - 1)
        downstream = rng.choice(shape.levels[level])
        if (upstream, downstream) not in seen:
            seen.add((upstream, downstream))
            shape.link_rows.append(_row("links", chain, upstream, downstream))
    draws = {name: rng.random() for name in shape.segment_names}
    shape.no_local = {name for name, draw in draws.items() if draw < 0.15}
    shape.weak = {name for name, draw in draws.items() if 0.15 <= draw < 0.27}
    return shape


def _tier_counts(size: int) -> list[tuple[Tier, int]]:
    counts = [int(size * share) for _, share in TIER_SHARE]
    counts[1] += size - sum(counts)
    return [(tier, count) for (tier, _), count in zip(TIER_SHARE, counts, strict=True)]


def _segment_names(rng: random.Random) -> Iterator[str]:
    pairs = [head + tail for head in SEGMENT_HEADS for tail in SEGMENT_TAILS]
    rng.shuffle(pairs)
    round_ = 1
    while True:
        for pair in pairs:
            yield pair if round_ == 1 else f"{pair}{round_}"
        round_ += 1


def _memberships(
    rng: random.Random, shapes: list[_Shape], firms: list[dict[str, object]], count: int
) -> list[dict[str, object]]:
    local = [row for row in firms if row["location"] == Location.IN_ZONE.file_value]
    other = [row for row in firms if row["location"] != Location.IN_ZONE.file_value]
    slots = [(shape, name) for shape in shapes for name in shape.segment_names]
    weak_taken: set[tuple[str, str]] = set()
    seen: set[tuple[str, str, str]] = set()
    rows: list[dict[str, object]] = []
    while len(rows) < count and len(seen) < len(firms) * len(slots):
        shape, segment = rng.choice(slots)
        pool = local
        if segment in shape.no_local or (shape.chain, segment) in weak_taken:
            pool = other
        elif segment in shape.weak:
            weak_taken.add((shape.chain, segment))
        firm = rng.choice(pool)
        key = (str(firm["firm"]), shape.chain, segment)
        if key in seen:
            continue
        seen.add(key)
        role = rng.choices(list(Role), (0.05, 0.2, 0.75))[0]
        uscc = firm["uscc"] if rng.random() < 0.3 else None
        rows.append(
            _row("firm_segments", firm["firm"], shape.chain, segment, role.file_value,
                 f"{segment}产品", uscc)
        )  # fmt: skip
    return rows


def _targets(
    rng: random.Random, shapes: list[_Shape], people: list[str], count: int
) -> list[dict[str, object]]:
    gaps = [(s, name) for s in shapes for name in s.segment_names if name in s.no_local | s.weak]
    every = [(s, name) for s in shapes for name in s.segment_names]
    seen: set[tuple[str, str, str]] = set()
    rows: list[dict[str, object]] = []
    while len(rows) < count:
        shape, segment = rng.choice(gaps if gaps and rng.random() < 0.7 else every)
        firm = _firm_name(rng.randrange(10**6), rng).replace("公司", "公司（外地）")
        if (shape.chain, segment, firm) in seen:
            continue
        seen.add((shape.chain, segment, firm))
        rows.append(
            _row("targets", shape.chain, segment, firm, rng.choice(REGIONS),
                 rng.choice(list(Stage)).file_value, rng.choice(people),
                 rng.randrange(1000, 500000), "约谈高层")
        )  # fmt: skip
    return rows


def _projects(
    rng: random.Random, shapes: list[_Shape], people: list[str], count: int
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(count):
        shape = shapes[index % len(shapes)]
        signed_on = BASE_DAY + dt.timedelta(days=rng.randrange(700))
        rows.append(
            _row("projects", shape.chain, f"{shape.chain}项目{index + 1:04d}",
                 rng.choice(shape.segment_names), _firm_name(index, rng),
                 rng.randrange(5000, 2000000), rng.choice(("签约", "开工", "投产")), signed_on,
                 rng.choice(people))
        )  # fmt: skip
    return rows


def _indicators(rng: random.Random, chains: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for chain in chains:
        for quarter in range(1, 5):
            for indicator in INDICATORS:
                target = rng.randrange(100, 100000)
                actual = round(target * rng.uniform(0.6, 1.2))
                rows.append(_row("indicators", chain, f"2027Q{quarter}", indicator, target, actual))
    return rows


def _actions(
    rng: random.Random, chains: list[str], people: list[str], count: int
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(count):
        status = rng.choice(("未开始", "推进中", "已完成", "已取消"))
        due = BASE_DAY + dt.timedelta(days=rng.randrange(-60, 400))
        note = "已办结" if status == "已完成" and rng.random() < 0.7 else None
        rows.append(
            _row("actions", chains[index % len(chains)], f"督办事项{index + 1:05d}",
                 rng.choice(DEPARTMENTS), rng.choice(people), due, status, note,
                 "是" if rng.random() < 0.1 else "否")
        )  # fmt: skip
    return rows


def _chain_row(rng: random.Random, chain: str, people: list[str]) -> dict[str, object]:
    # Different people and departments in each role, as the role rules require.
    chief, lead, *members = rng.sample(people, 6)
    department, *supporting = rng.sample(DEPARTMENTS, 3)
    return _row(
        "chains", chain, chief, lead, "、".join(members), department, "、".join(supporting),
        3 if rng.random() < 0.25 else None, f"{chain}产业链",
    )  # fmt: skip


def _firm_row(rng: random.Random, index: int) -> dict[str, object]:
    location = rng.choices(list(Location), (0.6, 0.25, 0.15))[0]
    return _row(
        "firms", _firm_name(index, rng), valid_uscc(rng) if rng.random() < 0.9 else None,
        location.file_value, rng.choice(PARKS), "、".join(rng.sample(TAGS, rng.randrange(3))),
        rng.randrange(100, 5000000), rng.randrange(5, 20000), rng.choice(SURNAMES) + "经理",
        f"138{rng.randrange(10**8):08d}",
    )  # fmt: skip


def _firm_name(index: int, rng: random.Random) -> str:
    """Unique per index (it is part of the name); the rest only makes names look varied."""
    marks = FIRM_MARKS[index % len(FIRM_MARKS)] + FIRM_MARKS[index // 7 % len(FIRM_MARKS)]
    return marks + rng.choice(FIRM_TRADES) + f"{index:05d}" + rng.choice(FIRM_FORMS)


def _people(rng: random.Random, count: int) -> list[str]:
    names = [s + g1 + g2 for s in SURNAMES for g1 in GIVEN for g2 in ("", *GIVEN)]
    return sorted(rng.sample(names, count))


def _person_row(rng: random.Random, name: str) -> dict[str, object]:
    days = (BASE_DAY + dt.timedelta(days=rng.randrange(365)) for _ in range(2))
    return _row(
        "people", name, rng.choice(("局长", "副局长", "科长", "主任")), rng.choice(DEPARTMENTS),
        f"139{rng.randrange(10**8):08d}", None, "、".join(day.isoformat() for day in days),
    )  # fmt: skip


def _unique_names(base: list[str], count: int) -> list[str]:
    return [base[i % len(base)] + (str(i // len(base) + 1) if i >= len(base) else "") for i in
            range(count)]  # fmt: skip


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)
