#!/usr/bin/env python3
"""Writes test/fixtures/digitalocean/openapi.json: the GET operations Discovery calls, cut out of
DigitalOcean's bundled public OpenAPI spec with every component they reference (nothing else), so the
fake's validator and Prism read the same small, self-contained document. Deterministic (sorted keys).

  python3 tooling/fakes/digitalocean/trim-spec.py <DigitalOcean-public.v2.yaml> <out.json>

Needs PyYAML. The source and its bundling are in test/fixtures/digitalocean/SOURCES.md.
"""
import json
import sys

import yaml

PATHS = [
    "/v2/account",
    "/v2/droplets",
    "/v2/volumes",
    "/v2/images",
    "/v2/snapshots",
    "/v2/load_balancers",
    "/v2/cdn/endpoints",
    "/v2/kubernetes/clusters",
    "/v2/firewalls",
    "/v2/vpcs",
    "/v2/reserved_ips",
]


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/"):
            out.add(r)
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main(src, dst):
    spec = yaml.load(open(src, encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    paths = {p: {"get": spec["paths"][p]["get"]} for p in PATHS}
    seen, todo = set(), set()
    refs(paths, todo)
    while todo:
        r = todo.pop()
        if r in seen:
            continue
        seen.add(r)
        _, _, kind, name = r.split("/", 3)
        refs(spec["components"][kind][name], todo)
    components = {}
    for r in sorted(seen):
        _, _, kind, name = r.split("/", 3)
        components.setdefault(kind, {})[name] = spec["components"][kind][name]
    out = {
        "openapi": spec["openapi"],
        "info": {**spec["info"], "description": "Trimmed to the operations Discovery calls (trim-spec.py)."},
        "servers": spec["servers"],
        "security": spec["security"],
        "paths": paths,
        "components": {**components, "securitySchemes": spec["components"]["securitySchemes"]},
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
