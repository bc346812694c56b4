#!/usr/bin/env python3
"""A realistic benchmark corpus: N pages spread over the four collections (stations,
projects, members, activities) with valid front matter (docs/reference/content.md), ~600 words of
mixed Chinese/English Markdown each (headings, a list, a table, links, emphasis), tags
and districts, six years of statistics and the member units. The same content is
written twice: as a xinghuo site and as a Hugo site with comparable templates (single
page with every field and a table of contents, paginated section list, taxonomy term,
home page listing the latest 10, a JSON search index of every page's text, and with
`--photos` resized copies of each bundle photo), so both do equal work.

    python3 bench/gen_corpus.py --pages 1000 --out /tmp/corpus-1k
    # -> /tmp/corpus-1k/xinghuo  (xinghuo build / serve --root there)
    # -> /tmp/corpus-1k/hugo     (hugo / hugo server --source there)
    python3 bench/gen_corpus.py --pages 1000 --photos 200 --out /tmp/corpus-img

Standard library only; the same arguments give byte-identical files. Page i of the
corpus is `content/COLLECTION/pNNNNN.md` in both sites (a bundle
`content/COLLECTION/pNNNNN/index.md` for the first `--photos` pages) and is served at
`/COLLECTION/pNNNNN/` by both (see `page_url`). Benchmarks import this module for
those helpers, so keep the CLI and `page_path`/`page_url` stable when extending it.
Photos are the demo site's own JPEGs (1200×800), each copy made unique with a JPEG
comment segment, so the image caches of both tools see 200 different files.
"""

import argparse
import datetime
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

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
UNIT_TYPES = ["高校", "医院", "企业", "机关", "社会组织", "学校"]
YEARS = list(range(2019, 2025))
PHOTOS = [
    "content/stations/xingxing-yizhan/photo1.jpg",
    "content/stations/xingxing-yizhan/photo2.jpg",
    "content/stations/xingxing-yizhan/photo3.jpg",
    "content/members/chen-liqun/fuwu-1.jpg",
    "content/members/chen-liqun/fuwu-2.jpg",
]


def collection_of(i):
    """Collection (name, kind, title) of page i: round robin over the four."""
    return COLLECTIONS[i % len(COLLECTIONS)]


def page_path(i, photos=0):
    """Content path of page i, relative to `content/` (same in both sites)."""
    if i < photos:
        return f"{collection_of(i)[0]}/p{i:05d}/index.md"
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
        if rng.random() < 0.15:
            s = f"*{s[:-1]}*。"
        out.append(s)
        count += len(s) // 2
    return "".join(out)


def table(rng):
    rows = ["| 指标 | 2023 | 2024 | 变化 |", "|---|---:|---:|---|"]
    for _ in range(4):
        a, b = rng.randint(10, 900), rng.randint(10, 900)
        rows.append(f"| {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)} | {a} | {b} | "
                    f"{'上升' if b > a else '下降'} |")
    return "\n".join(rows)


def body(rng, i, title, pages, link_style, photos):
    """The Markdown body of page i. `link_style` is "xinghuo" (`@/…md` links, checked
    by xinghuo) or "hugo" (the same target as a plain URL)."""
    other = rng.randrange(pages)
    if link_style == "xinghuo":
        target = "@/" + page_path(other, photos)
    else:
        target = page_url(other)
    parts = [paragraph(rng, 90)]
    if i < photos:
        parts.append(f"![{title}](photo.jpg)")
    for h in range(4):
        parts.append(f"## {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}（{h + 1}）")
        text = paragraph(rng, 100)
        if h == 0:
            text += (f"详见[{rng.choice(ZH_WORDS)}案例]({target})，以及"
                     f"[the open data portal](https://data.example.org/{i})。")
        if h == 1:
            text = f"**{rng.choice(ZH_WORDS)}引领：**{text}"
        parts.append(text)
        if h == 2:
            parts.append("\n".join(f"- {rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}："
                                   f"{sentence(rng)}" for _ in range(4)))
        if h == 3:
            parts.append(table(rng))
    parts.append(f"> {title}：{sentence(rng)}")
    return "\n\n".join(parts) + "\n"


def yaml_list(xs):
    return "[" + ", ".join(xs) + "]"


def front_matter(i, rng, units):
    name, kind, _ = collection_of(i)
    day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 6 * 365))
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
    if i % 50 == 0:
        fm.append("featured: true")
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
            f"units: {yaml_list(rng.sample(units, 2))}",
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


def units_yaml(rng, count):
    ids, lines = [], []
    for k in range(count):
        uid = f"u{k:03d}"
        ids.append(uid)
        lat = 31.70 + rng.random() * 0.2
        lon = 119.85 + rng.random() * 0.2
        lines += [
            f"- id: {uid}",
            f"  name: {rng.choice(ZH_WORDS)}{rng.choice(UNIT_TYPES)}{k}",
            f"  type: {rng.choice(UNIT_TYPES)}",
            f"  joined: {rng.choice(YEARS)}",
            f"  location: [{lat:.4f}, {lon:.4f}]",
            f"  resources: {yaml_list(rng.sample(['志愿者', '场地', '资金', '培训', '医疗'], 2))}",
        ]
    return ids, "\n".join(lines) + "\n"


METRICS = [
    ("social_organizations", "社会组织", "家"),
    ("party_branches", "党组织", "个"),
    ("party_members", "党员", "名"),
    ("volunteers", "志愿者", "人"),
    ("stations", "党建驿站", "个"),
    ("projects", "红盟项目", "项"),
    ("service_hours", "志愿服务时长", "小时"),
]


def stats_yaml(rng, year, k):
    lines = [f"year: {year}", "scope: 钟楼区", "metrics:"]
    branches = 80 + 6 * k + rng.randint(0, 5)
    for key, label, unit in METRICS:
        value = branches if key == "party_branches" else rng.randint(100, 20000)
        lines.append(f"  {key}: {{label: {label}, value: {value}, unit: {unit}}}")
    lines.append(f"  coverage: {{label: 党组织覆盖率, value: {90 + k * 1.5:.1f}, unit: \"%\"}}")
    lines += ["breakdowns:", "  branches_by_street:", "    label: 各街道党组织数",
              "    unit: 个", "    total_of: party_branches"]
    left, items = branches, []
    for d in DISTRICTS[:-1]:
        n = rng.randint(1, max(1, left // 3))
        items.append(f"{d}: {n}")
        left -= n
    items.append(f"{DISTRICTS[-1]}: {left}")
    lines.append("    items: {" + ", ".join(items) + "}")
    lines += ["  members_by_age:", "    label: 党员年龄结构", "    unit: 名",
              "    items: {" + ", ".join(f"{a}: {rng.randint(50, 900)}" for a in
                                     ["35岁以下", "36至45岁", "46至60岁", "61岁以上"]) + "}"]
    return "\n".join(lines) + "\n"


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

[outputs]
home = ["HTML", "JSON"]

[taxonomies]
tag = "tags"
district = "district"

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

# Comparable to xinghuo's default theme: navigation, breadcrumbs, every front-matter
# field, a table of contents, tags, previous/next, cards with summaries, pagination,
# latest 10 on the home page, a search index of every page's plain text.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title><meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="/tags/">标签</a> <a href="/district/">区域</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }} · {{ now.Year }}</footer></body></html>
""",
    "partials/card.html": """<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p><time>{{ .Date.Format "2006-01-02" }}</time> {{ with .Params.district }}{{ . }}{{ end }}</p>
<p>{{ with .Params.summary }}{{ . }}{{ else }}{{ .Summary }}{{ end }}</p>
<ul>{{ range .Params.tags }}<li><a href="{{ (printf "/tags/%s/" (. | urlize)) }}">{{ . }}</a></li>{{ end }}</ul></article>
""",
    "_default/single.html": """{{ define "main" }}<article><p><a href="/">首页</a> › <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time> · {{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (. | urlize)) }}">{{ . }}</a> {{ end }}
{{ range .Params.district }}<a href="{{ (printf "/district/%s/" (. | urlize)) }}">{{ . }}</a>{{ end }}</p>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
{{ $imgs := .Resources.ByType "image" }}{{ range $imgs }}{{ $a := .Resize "480x" }}{{ $b := .Resize "960x" }}
<img src="{{ .RelPermalink }}" srcset="{{ $a.RelPermalink }} 480w, {{ $b.RelPermalink }} 960w, {{ .RelPermalink }} {{ .Width }}w" width="{{ .Width }}" height="{{ .Height }}" loading="lazy" alt="">{{ end }}
<dl>{{ range $k, $v := .Params }}{{ if not (in (slice "title" "date" "summary" "tags" "district" "weight" "draft" "iscjklanguage" "lastmod" "publishdate" "expirydate") $k) }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}{{ end }}</dl>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">‹ {{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }} ›</a>{{ end }}</nav>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
{{ $p := .Paginate .Pages }}{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}
<nav>{{ with $p.Prev }}<a href="{{ .URL }}">‹</a>{{ end }} {{ $p.PageNumber }} / {{ $p.TotalPages }} {{ with $p.Next }}<a href="{{ .URL }}">›</a>{{ end }}</nav>{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Pages }}{{ partial "card.html" . }}{{ end }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>{{ .Content }}
{{ $latest := index site.Data.stats "2024" }}<p>{{ $latest.metrics.party_branches.label }}：{{ $latest.metrics.party_branches.value }}{{ $latest.metrics.party_branches.unit }}</p>
<h2>最新</h2>{{ range first 10 site.RegularPages.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}
{{ range site.Sections }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</h2>{{ range first 6 .Pages }}{{ partial "card.html" . }}{{ end }}{{ end }}{{ end }}
""",
    "index.json": """{{- $idx := slice -}}
{{- range site.RegularPages -}}
{{- $idx = $idx | append (dict "url" .RelPermalink "title" .Title "section" .Section "date" (.Date.Format "2006-01-02") "summary" (.Params.summary | default .Summary) "tags" .Params.tags "body" .Plain) -}}
{{- end -}}
{{- $idx | jsonify -}}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def unique_jpeg(src, k):
    """The bytes of `src` with a JPEG comment segment naming copy k (same pixels)."""
    with open(src, "rb") as f:
        data = f.read()
    comment = f"xinghuo bench photo {k}".encode()
    seg = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + seg + data[2:]


def generate(pages, seed, out, photos=0, units_count=60):
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
    data_rng = random.Random(seed * 7919 + 1)
    unit_ids, units = units_yaml(data_rng, units_count)
    for site in (x, h):
        write(os.path.join(site, "data", "units.yaml"), units)
    for k, year in enumerate(YEARS):
        text = stats_yaml(data_rng, year, k)
        for site in (x, h):
            write(os.path.join(site, "data", "stats", f"{year}.yaml"), text)
    rng = random.Random(seed)
    for i in range(pages):
        title, tags, district, fm = front_matter(i, rng, unit_ids)
        photo = i < photos
        if photo:
            fm.append("cover: photo.jpg")
        state = rng.getstate()
        text = body(rng, i, title, pages, "xinghuo", photos)
        rng.setstate(state)
        htext = body(rng, i, title, pages, "hugo", photos)
        doc = "---\n" + "\n".join(fm) + "\n---\n\n" + text
        write(os.path.join(x, "content", page_path(i, photos)), doc)
        # Hugo: the same Markdown; `district` as a one-element list for its taxonomy.
        hfm = [l for l in fm if not l.startswith("district:")] + [f"district: [{district}]"]
        write(os.path.join(h, "content", page_path(i, photos)),
              "---\n" + "\n".join(hfm) + "\n---\n\n" + htext)
        if photo:
            jpeg = unique_jpeg(os.path.join(REPO, PHOTOS[i % len(PHOTOS)]), i)
            for site in (x, h):
                p = os.path.join(site, "content", os.path.dirname(page_path(i, photos)),
                                 "photo.jpg")
                with open(p, "wb") as f:
                    f.write(jpeg)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of pages")
    ap.add_argument("--out", required=True, help="writes OUT/xinghuo and OUT/hugo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--photos", type=int, default=0,
                    help="the first N pages are bundles with a 1200x800 JPEG each")
    ap.add_argument("--units", type=int, default=60, help="member units in data/units.yaml")
    a = ap.parse_args()
    generate(a.pages, a.seed, a.out, a.photos, a.units)
    print(f"{a.pages} pages ({a.photos} with photos) -> {a.out}/xinghuo, {a.out}/hugo")


if __name__ == "__main__":
    main()
