#!/usr/bin/env python3
"""A realistic benchmark corpus: N pages spread over the four collections (stations,
projects, members, activities) with valid front matter (SPEC section 4), ~600 words of
mixed Chinese/English Markdown each, tags and districts. The same content is written
twice: as a xinghuo site and as a Hugo site with simple, comparable templates.

    python3 bench/gen_corpus.py --pages 1000 --out /tmp/corpus-1k
    # -> /tmp/corpus-1k/xinghuo  (xinghuo build / serve --root there)
    # -> /tmp/corpus-1k/hugo     (hugo / hugo server --source there)

Standard library only; the same arguments give byte-identical files. Page i of the
corpus is `content/COLLECTION/pNNNNN.md` in both sites and is served at
`/COLLECTION/pNNNNN/` by both (see `page_url`). Benchmarks import this module for
those helpers, so keep the CLI and `page_path`/`page_url` stable when extending it.
"""

import argparse
import datetime
import os
import random
import shutil

COLLECTIONS = [
    ("stations", "station", "星火党建驿站"),
    ("projects", "project", "红盟项目"),
    ("members", "member", "先锋党员"),
    ("activities", "activity", "活动纪实"),
]

ZH_WORDS = (
    "党建 引领 社区 服务 群众 志愿者 红色 驿站 联盟 共建 共享 治理 网格 居民 "
    "基层 组织 党员 先锋 模范 活动 主题 学习 教育 宣讲 文明 实践 阵地 资源 清单 "
    "项目 需求 对接 民生 实事 老年人 儿童 青年 新就业 群体 快递员 骑手 暖心 关爱 "
    "公益 慈善 培训 技能 就业 创业 文化 传承 运河 历史 街道 书记 支部 委员会 "
    "数字化 平台 线上 线下 预约 场地 开放 时间银行 积分 兑换 评价 满意度 成效 "
    "经验 做法 机制 制度 保障 协同 联动 合作 单位 企业 高校 医院 机关"
).split()
EN_WORDS = (
    "party building community service volunteer station alliance project data "
    "platform open shared resource training skills youth elderly care digital "
    "online booking impact report review network grid culture heritage canal"
).split()
PUNCT = ["，", "，", "，", "。", "、", "；"]
TAGS = [
    "党建+公益", "志愿服务", "红盟共建", "资源共享", "新就业群体", "暖心驿站", "为老服务",
    "青少年", "文明实践", "主题党日", "党史学习", "数字党建", "社区治理", "运河文化",
    "技能培训", "法律服务", "健康义诊", "环境保护", "邻里互助", "慈善公益", "open-data",
    "youth", "volunteer", "heritage",
]
DISTRICTS = ["南大街街道", "西林街道", "五星街道", "北港街道", "永红街道", "荷花池街道",
             "新闸街道", "邹区镇"]
STATUSES = ["planned", "ongoing", "completed"]
CATEGORIES = ["为民服务清单", "资源清单", "活动清单"]


def collection_of(i):
    """Collection (name, kind, title) of page i: round robin over the four."""
    return COLLECTIONS[i % len(COLLECTIONS)]


def page_path(i):
    """Content path of page i, relative to `content/` (same in both sites)."""
    return f"{collection_of(i)[0]}/p{i:05d}.md"


def page_url(i):
    """URL path of page i on both servers."""
    return f"/{collection_of(i)[0]}/p{i:05d}/"


def sentence(rng):
    n = rng.randint(8, 18)
    out = []
    for k in range(n):
        if rng.random() < 0.15:
            w = rng.choice(EN_WORDS)
            out.append(f" {w} ")
        else:
            out.append(rng.choice(ZH_WORDS))
        if k < n - 1 and rng.random() < 0.12:
            out.append(rng.choice(PUNCT[:3]))
    return "".join(out).replace("  ", " ").strip() + "。"


def paragraph(rng, words):
    out, count = [], 0
    while count < words:
        s = sentence(rng)
        out.append(s)
        count += len(s) // 2
    return "".join(out)


def body(rng, title):
    parts = [paragraph(rng, 90)]
    for h in range(4):
        parts.append(f"## {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}（{h + 1}）")
        text = paragraph(rng, 100)
        if h == 1:
            text = f"**{rng.choice(ZH_WORDS)}引领：**{text}"
        parts.append(text)
        if h == 2:
            parts.append("\n".join(f"- {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}："
                                   f"{sentence(rng)}" for _ in range(4)))
    parts.append(f"> {title}：{sentence(rng)}")
    return "\n\n".join(parts) + "\n"


def yaml_list(xs):
    return "[" + ", ".join(xs) + "]"


def front_matter(i, rng):
    name, kind, _ = collection_of(i)
    day = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1400))
    title = f"{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}{rng.choice(['驿站', '项目', '同志', '活动'])} {i}"
    tags = rng.sample(TAGS, rng.randint(1, 3))
    district = rng.choice(DISTRICTS)
    fm = [
        f"title: {title}",
        f"date: {day.isoformat()}",
        f"summary: {sentence(rng)}",
        f"tags: {yaml_list(tags)}",
        f"district: {district}",
        f"weight: {i}",
    ]
    if kind == "station":
        fm += [
            f"street: {district}",
            f"address: 常州市钟楼区{district}{rng.randint(1, 300)}号",
            f"established: {(day - datetime.timedelta(days=700)).isoformat()}",
            f"organization: {district}党工委",
            f"party_members: {rng.randint(5, 120)}",
            f"services: {yaml_list(rng.sample(TAGS[:10], 2))}",
            "contact_hours: 周一至周五 9:00-17:00",
        ]
    elif kind == "project":
        fm += [
            f"year: {day.year}",
            f"status: {rng.choice(STATUSES)}",
            f"category: {rng.choice(CATEGORIES)}",
            f"beneficiaries: {rng.randint(50, 20000)}",
            f"partners: {yaml_list([f'{d}办事处' for d in rng.sample(DISTRICTS, 2)])}",
        ]
    elif kind == "member":
        fm += [
            "role: 支部书记",
            f"organization: {district}社会组织联合党委",
            f"joined: {(day - datetime.timedelta(days=3650)).isoformat()}",
            "honors:",
            f"  - {{year: {day.year}, title: 优秀共产党员}}",
            f"quote: {sentence(rng)}",
        ]
    else:
        fm += [
            f"place: {district}党群服务中心",
            f"organizer: {district}党工委",
            f"participants: {rng.randint(10, 500)}",
        ]
    return title, tags, district, fm


XINGHUO_CONFIG = """title = "基准测试展览"
description = "gen_corpus.py 生成的基准语料"
base_url = "https://example.org/"
language = "zh-CN"

[collections.stations]
kind = "station"
title = "星火党建驿站"
sort_by = "weight"
paginate_by = 24

[collections.projects]
kind = "project"
title = "红盟项目"
sort_by = "date"
paginate_by = 24

[collections.members]
kind = "member"
title = "先锋党员"
sort_by = "weight"
paginate_by = 24

[collections.activities]
kind = "activity"
title = "活动纪实"
sort_by = "date"
paginate_by = 24

[taxonomies]
tags = "标签"
district = "区域"

[search]
enabled = true

[privacy]
id_numbers = "off"
phone_numbers = "off"
"""

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "基准测试展览"
languageCode = "zh-CN"
hasCJKLanguage = true
disableKinds = ["RSS"]
paginate = 24

[taxonomies]
tag = "tags"
district = "district"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} · {{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (. | urlize)) }}">{{ . }}</a> {{ end }}</p>
<dl>{{ range $k, $v := .Params }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
{{ range (.Paginate .Pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>{{ .Content }}
{{ range first 10 site.RegularPages.ByDate.Reverse }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(pages, seed, out):
    x, h = os.path.join(out, "xinghuo"), os.path.join(out, "hugo")
    for d in (x, h):
        if os.path.exists(d):
            shutil.rmtree(d)
    write(os.path.join(x, "site-config.toml"), XINGHUO_CONFIG)
    write(os.path.join(h, "hugo.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(h, "layouts", rel), text)
    home = "---\ntitle: 基准测试展览\n---\n\n这是 gen_corpus.py 生成的基准语料。\n"
    write(os.path.join(x, "content", "_index.md"), home)
    write(os.path.join(h, "content", "_index.md"), home)
    for name, _, title in COLLECTIONS:
        idx = f"---\ntitle: {title}\n---\n\n{title}的全部案例。\n"
        write(os.path.join(x, "content", name, "_index.md"), idx)
        write(os.path.join(h, "content", name, "_index.md"), idx)
    rng = random.Random(seed)
    for i in range(pages):
        title, tags, district, fm = front_matter(i, rng)
        text = body(rng, title)
        doc = "---\n" + "\n".join(fm) + "\n---\n\n" + text
        write(os.path.join(x, "content", page_path(i)), doc)
        # Hugo: the same Markdown; `district` as a one-element list for its taxonomy.
        hfm = [l for l in fm if not l.startswith("district:")] + [f"district: [{district}]"]
        write(os.path.join(h, "content", page_path(i)), "---\n" + "\n".join(hfm) + "\n---\n\n" + text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of pages")
    ap.add_argument("--out", required=True, help="writes OUT/xinghuo and OUT/hugo")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    generate(a.pages, a.seed, a.out)
    print(f"{a.pages} pages -> {a.out}/xinghuo, {a.out}/hugo")


if __name__ == "__main__":
    main()
