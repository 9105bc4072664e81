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

from stdnum.cn import uscc as uscc_number

from chainchief.domain.enums import Location, Role, Stage, Tier
from chainchief.domain.graph import ChainGraph, LinkEdge, SegmentNode, TargetRef

Rows = dict[str, list[dict[str, object]]]
SHEETS = (
    "chains",
    "segments",
    "links",
    "firms",
    "firm_segments",
    "targets",
    "projects",
    "people",
    "indicators",
    "actions",
)

CHAIN_NAMES = (
    "新能源汽车",
    "集成电路",
    "生物医药",
    "高端装备",
    "新材料",
    "人工智能",
    "光伏",
    "储能",
    "氢能",
    "工业互联网",
    "智能网联汽车",
    "航空航天",
    "医疗器械",
    "数字创意",
    "节能环保",
)
SEGMENT_HEADS = (
    "锂",
    "钴",
    "镍",
    "硅",
    "稀土",
    "铜箔",
    "铝箔",
    "石墨",
    "碳纤维",
    "光刻",
    "晶圆",
    "封装",
    "电机",
    "电控",
    "电驱",
    "热管理",
    "激光",
    "传感",
    "射频",
    "功率",
    "存储",
    "显示",
    "算力",
    "氢燃料",
    "膜电极",
    "催化",
    "医用",
    "影像",
    "基因",
    "疫苗",
    "航电",
    "复合",
    "精密",
    "智能",
)
SEGMENT_TAILS = (
    "矿",
    "材料",
    "前驱体",
    "电芯",
    "模组",
    "控制器",
    "芯片",
    "软件",
    "整机",
    "回收",
    "装备",
    "检测",
    "部件",
    "系统",
    "服务",
    "设计",
    "制造",
    "试剂",
    "平台",
)
FIRM_MARKS = "华中鑫瑞达博恒宇科创新远航信泰力盛德源海腾晟昇堃燊嘉誉铭睿通凯润丰弘"
FIRM_TRADES = ("科技", "材料", "电子", "智能", "能源", "精密", "医药", "装备", "半导体", "新能源")
FIRM_FORMS = ("有限公司", "股份有限公司", "集团有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红"
DEPARTMENTS = (
    "经济发展局",
    "投资促进局",
    "科技创新局",
    "发展改革局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "市场监管局",
    "人力资源局",
    "商务局",
    "规划建设局",
    "行政审批局",
)
PARKS = ("高新园", "智造园", "生物港", "新材料园", "临港园", "数字谷")
TAGS = (
    "规上",
    "上市",
    "高新技术企业",
    "专精特新",
    '专精特新"小巨人"',
    "单项冠军",
    "独角兽",
    "瞪羚",
)
REGIONS = ("江苏苏州", "广东深圳", "上海浦东", "浙江宁波", "安徽合肥", "四川成都", "湖北武汉")
INDICATORS = ("主营业务收入", "产值", "投资", "新引进项目")
TIER_SHARE = ((Tier.UPSTREAM, 0.3), (Tier.MIDSTREAM, 0.4), (Tier.DOWNSTREAM, 0.3))
LEVEL_STEP_WEIGHTS = ((1, 0.72), (2, 0.18), (3, 0.06), (4, 0.04))
BASE_DAY = dt.date(2027, 1, 4)


def synthetic_city(
    seed: int = 1,
    chains: int = 12,
    segments: int = 720,
    links: int = 2000,
    firms: int = 20000,
    memberships: int = 60000,
    targets: int = 2000,
    actions: int = 3000,
    projects: int = 400,
    people: int = 120,
) -> Rows:
    """A whole zone: ``segments`` and ``links`` are city totals, spread evenly over chains."""
    rng = random.Random(seed)
    rows: Rows = {sheet: [] for sheet in SHEETS}
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
        seed=seed,
        chains=1,
        segments=segments,
        links=links,
        firms=segments * 3,
        memberships=segments * 6,
        targets=segments // 2,
        actions=200,
        projects=100,
        people=40,
    )


def graph_from_rows(rows: Rows, chain_name: str, chain_id: int = 1) -> ChainGraph:
    """The chain's graph as a service would build it from the database (ids by row order)."""
    return _graph(rows, chain_name, chain_id, _FirmIndex(rows))


def city_graphs(rows: Rows) -> list[ChainGraph]:
    firms = _FirmIndex(rows)
    return [
        _graph(rows, str(row["chain"]), index, firms)
        for index, row in enumerate(rows["chains"], start=1)
    ]


class _FirmIndex:
    """Firms keyed as the importer keys them: USCC when given, else the name."""

    def __init__(self, rows: Rows) -> None:
        self.key_by_name = {row["firm"]: row.get("uscc") or row["firm"] for row in rows["firms"]}
        self.local = {
            row.get("uscc") or row["firm"]
            for row in rows["firms"]
            if Location.parse(str(row["location"])) is Location.IN_ZONE
        }


def _graph(rows: Rows, chain_name: str, chain_id: int, firms: _FirmIndex) -> ChainGraph:
    chain_row = next(row for row in rows["chains"] if row["chain"] == chain_name)
    minimum = chain_row.get("min_local_firms")
    ids: dict[str, int] = {}
    for row in rows["segments"]:
        if row["chain"] == chain_name:
            ids[str(row["segment"])] = len(ids) + 1
    key_by_name, local = firms.key_by_name, firms.local
    local_firms: dict[int, set[object]] = defaultdict(set)
    roles: dict[int, set[Role]] = defaultdict(set)
    for row in rows["firm_segments"]:
        key = row.get("uscc") or key_by_name[row["firm"]]
        if row["chain"] != chain_name or key not in local:
            continue
        segment_id = ids[str(row["segment"])]
        local_firms[segment_id].add(key)
        role = Role.parse(str(row["role"]))
        if role is not None:
            roles[segment_id].add(role)
    targets: dict[int, list[TargetRef]] = defaultdict(list)
    for row in rows["targets"]:
        if row["chain"] == chain_name:
            stage = Stage.parse(str(row["stage"]))
            owner = row.get("owner")
            assert isinstance(stage, Stage)
            targets[ids[str(row["segment"])]].append(
                TargetRef(str(row["firm"]), stage, str(owner) if owner else None)
            )
    nodes = []
    for row in rows["segments"]:
        if row["chain"] != chain_name:
            continue
        segment_id = ids[str(row["segment"])]
        tier = Tier.parse(str(row["tier"]))
        assert isinstance(tier, Tier)
        nodes.append(
            SegmentNode(
                id=segment_id,
                name=str(row["segment"]),
                tier=tier,
                key=row["key"] == "是",
                local_firms=len(local_firms[segment_id]),
                roles=frozenset(roles[segment_id]),
                targets=tuple(targets[segment_id]),
            )
        )
    edges = tuple(
        LinkEdge(ids[str(row["upstream"])], ids[str(row["downstream"])])
        for row in rows["links"]
        if row["chain"] == chain_name
    )
    return ChainGraph(chain_id, chain_name, int(minimum) if minimum else 2, tuple(nodes), edges)


def valid_uscc(rng: random.Random) -> str:
    """A USCC whose organisation code (GB 11714) and final check digit are both valid."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    org_check = {10: "X", 11: "0"}.get(check, str(check))
    head = "91" + rng.choice(("320505", "320506", "310115", "440305")) + body + org_check
    return head + uscc_number.calc_check_digit(head)


class _Shape:
    """One chain's segments by (tier, level) and its links, as rows."""

    def __init__(self, chain: str) -> None:
        self.chain = chain
        self.levels: list[list[str]] = []
        self.segment_rows: list[dict[str, object]] = []
        self.link_rows: list[dict[str, object]] = []
        self.no_local: set[str] = set()
        self.weak: set[str] = set()

    @property
    def segment_names(self) -> list[str]:
        return [str(row["segment"]) for row in self.segment_rows]


def _chain_shape(rng: random.Random, chain: str, size: int, link_count: int) -> _Shape:
    shape = _Shape(chain)
    names = iter(_segment_names(rng))
    for tier, count in _tier_counts(size):
        level_count = max(1, min(8, round(math.log2(count)) - 2)) if count else 0
        lane_levels: list[list[str]] = [[] for _ in range(level_count)]
        for index in range(count):
            name = next(names)
            lane_levels[index * level_count // count].append(name)
            shape.segment_rows.append(
                {
                    "chain": chain,
                    "segment": name,
                    "tier": tier.file_value,
                    "key": "是" if rng.random() < 0.15 else "否",
                    "description": f"{name}环节",
                }
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
            shape.link_rows.append({"chain": chain, "upstream": upstream, "downstream": downstream})
    for name in shape.segment_names:
        draw = rng.random()
        if draw < 0.15:
            shape.no_local.add(name)
        elif draw < 0.27:
            shape.weak.add(name)
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
        rows.append(
            {
                "firm": firm["firm"],
                "chain": shape.chain,
                "segment": segment,
                "role": role.file_value,
                "product": f"{segment}产品",
                "uscc": firm["uscc"] if rng.random() < 0.3 else None,
            }
        )
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
        firm = _firm_name(rng.randrange(10**6), rng) + "（外地）"
        if (shape.chain, segment, firm) in seen:
            continue
        seen.add((shape.chain, segment, firm))
        rows.append(
            {
                "chain": shape.chain,
                "segment": segment,
                "firm": firm,
                "region": rng.choice(REGIONS),
                "stage": rng.choice(list(Stage)).file_value,
                "owner": rng.choice(people),
                "investment": rng.randrange(1000, 500000),
                "next_step": "约谈高层",
            }
        )
    return rows


def _projects(
    rng: random.Random, shapes: list[_Shape], people: list[str], count: int
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(count):
        shape = shapes[index % len(shapes)]
        rows.append(
            {
                "chain": shape.chain,
                "project": f"{shape.chain}项目{index + 1:04d}",
                "segment": rng.choice(shape.segment_names),
                "investor": _firm_name(index, rng),
                "investment": rng.randrange(5000, 2000000),
                "stage": rng.choice(("签约", "开工", "投产")),
                "signed_on": BASE_DAY + dt.timedelta(days=rng.randrange(700)),
                "owner": rng.choice(people),
            }
        )
    return rows


def _indicators(rng: random.Random, chains: list[str]) -> list[dict[str, object]]:
    return [
        {
            "chain": chain,
            "quarter": f"2027Q{quarter}",
            "indicator": indicator,
            "target": target,
            "actual": round(target * rng.uniform(0.6, 1.2)),
        }
        for chain in chains
        for quarter in range(1, 5)
        for indicator in INDICATORS
        for target in [rng.randrange(100, 100000)]
    ]


def _actions(
    rng: random.Random, chains: list[str], people: list[str], count: int
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(count):
        status = rng.choice(("未开始", "推进中", "已完成", "已取消"))
        rows.append(
            {
                "chain": chains[index % len(chains)],
                "item": f"督办事项{index + 1:05d}",
                "department": rng.choice(DEPARTMENTS),
                "owner": rng.choice(people),
                "due": BASE_DAY + dt.timedelta(days=rng.randrange(-60, 400)),
                "status": status,
                "completion_note": "已办结" if status == "已完成" and rng.random() < 0.7 else None,
                "common_issue": "是" if rng.random() < 0.1 else "否",
            }
        )
    return rows


def _chain_row(rng: random.Random, chain: str, people: list[str]) -> dict[str, object]:
    team = rng.sample(people, 6)
    return {
        "chain": chain,
        "chief": team[0],
        "team_lead": team[1],
        "team_members": "、".join(team[2:]),
        "lead_department": rng.choice(DEPARTMENTS),
        "supporting_departments": "、".join(rng.sample(DEPARTMENTS, 2)),
        "min_local_firms": 3 if rng.random() < 0.25 else None,
        "description": f"{chain}产业链",
    }


def _firm_row(rng: random.Random, index: int) -> dict[str, object]:
    location = rng.choices(list(Location), (0.6, 0.25, 0.15))[0]
    return {
        "firm": _firm_name(index, rng),
        "uscc": valid_uscc(rng) if rng.random() < 0.9 else None,
        "location": location.file_value,
        "park": rng.choice(PARKS),
        "tags": "、".join(rng.sample(TAGS, rng.randrange(3))),
        "revenue": rng.randrange(100, 5000000),
        "employees": rng.randrange(5, 20000),
        "contact": rng.choice(SURNAMES) + "经理",
        "phone": f"138{rng.randrange(10**8):08d}",
    }


def _firm_name(index: int, rng: random.Random) -> str:
    """Unique per index: the index picks the mark characters, the trade and form vary freely."""
    marks = len(FIRM_MARKS)
    first, second, rest = index % marks, index // marks % marks, index // marks**2
    mark = FIRM_MARKS[first] + FIRM_MARKS[second] + (str(rest) if rest else "")
    return mark + rng.choice(FIRM_TRADES) + f"{index:05d}" + rng.choice(FIRM_FORMS)


def _people(rng: random.Random, count: int) -> list[str]:
    names = [s + g1 + g2 for s in SURNAMES for g1 in GIVEN for g2 in ("", *GIVEN)]
    return sorted(rng.sample(names, count))


def _person_row(rng: random.Random, name: str) -> dict[str, object]:
    return {
        "name": name,
        "title": rng.choice(("局长", "副局长", "科长", "主任")),
        "department": rng.choice(DEPARTMENTS),
        "phone": f"139{rng.randrange(10**8):08d}",
        "email": None,
        "unavailable": "、".join(
            (BASE_DAY + dt.timedelta(days=rng.randrange(365))).isoformat() for _ in range(2)
        ),
    }


def _unique_names(base: tuple[str, ...], count: int) -> list[str]:
    return [
        base[i % len(base)] + (str(i // len(base) + 1) if i >= len(base) else "")
        for i in range(count)
    ]


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)
