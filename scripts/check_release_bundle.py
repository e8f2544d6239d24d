#!/usr/bin/env python3
"""Checks two Maven Central bundles built from the same tree (scripts/check-release-bundle.sh).

Usage: check_release_bundle.py FIRST.zip SECOND.zip BOM_POM VERSION

Fails (exit 1, one line per problem) unless: the bundle holds exactly the artifacts the BOM lists,
plus the BOM and the parent pom; every listed artifact has its jar, sources jar, Javadoc jar and pom,
each file with MD5 and SHA-1 checksums; no path or pom mentions SNAPSHOT; every pom has a name and a
description and, itself or through calsync-parent, a url, licenses, developers and scm; every jar
artifact has a CycloneDX SBOM (its component count is the artifact's runtime dependencies); no
Javadoc jar documents an internal package; and both bundles hold byte-identical jars. Prints a table of the
published artifacts with their sizes.
"""
import io
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
GROUP_PATH = "dev/calsync/"


def bom_artifacts(bom_pom):
    root = ET.parse(bom_pom).getroot()
    deps = root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)
    return sorted(d.find("m:artifactId", NS).text for d in deps
                  if d.find("m:groupId", NS).text == "dev.calsync")


def files_by_artifact(bundle, version):
    out = {}
    for name in bundle.namelist():
        if name.endswith("/"):
            continue
        parts = name.split("/")
        # dev/calsync/<artifact>/<version>/<file>
        if len(parts) != 5 or not name.startswith(GROUP_PATH) or parts[3] != version:
            out.setdefault("(misplaced)", []).append(name)
            continue
        out.setdefault(parts[2], []).append(parts[4])
    return out


def pom_text(bundle, artifact, version):
    return bundle.read(f"{GROUP_PATH}{artifact}/{version}/{artifact}-{version}.pom").decode("utf-8")


def main(first, second, bom_pom, version):
    problems = []
    listed = bom_artifacts(bom_pom)
    expected = set(listed) | {"calsync-bom", "calsync-parent"}
    a = zipfile.ZipFile(first)
    b = zipfile.ZipFile(second)
    files = files_by_artifact(a, version)

    if set(files) != expected:
        extra = sorted(set(files) - expected)
        missing = sorted(expected - set(files))
        problems.append(f"bundle artifacts differ from the BOM's list: extra {extra}, missing {missing}")

    parent = ET.fromstring(pom_text(a, "calsync-parent", version)) if "calsync-parent" in files else None
    for artifact in sorted(files):
        if artifact not in expected:
            continue
        names = set(files[artifact])
        base = f"{artifact}-{version}"
        needed = [f"{base}.pom"]
        if artifact in listed:
            needed += [f"{base}.jar", f"{base}-sources.jar", f"{base}-javadoc.jar", f"{base}-cyclonedx.json"]
        for n in needed:
            if n not in names:
                problems.append(f"{artifact}: {n} is missing")
        for n in names:
            if n.endswith((".md5", ".sha1", ".sha256", ".sha512", ".asc")):
                continue
            for sum_ in (".md5", ".sha1"):
                if n + sum_ not in names:
                    problems.append(f"{artifact}: {n}{sum_} is missing")
        pom = ET.fromstring(pom_text(a, artifact, version))
        for tag in ("name", "description"):
            if pom.find(f"m:{tag}", NS) is None:
                problems.append(f"{artifact}: the pom has no <{tag}>")
        for tag in ("url", "licenses", "developers", "scm"):
            own = pom.find(f"m:{tag}", NS)
            inherited = parent.find(f"m:{tag}", NS) if parent is not None and pom.find("m:parent", NS) is not None else None
            if own is None and inherited is None:
                problems.append(f"{artifact}: no <{tag}> in its pom or its parent's")
        if "SNAPSHOT" in pom_text(a, artifact, version):
            problems.append(f"{artifact}: its pom mentions SNAPSHOT")
        javadoc = f"{GROUP_PATH}{artifact}/{version}/{base}-javadoc.jar"
        if artifact in listed and javadoc in a.namelist():
            with zipfile.ZipFile(io.BytesIO(a.read(javadoc))) as jd:
                internal = [n for n in jd.namelist() if "/internal/" in n]
                if internal:
                    problems.append(f"{artifact}: the Javadoc documents internal packages ({internal[0]} ...)")
                if not any(n.endswith("index.html") for n in jd.namelist()):
                    problems.append(f"{artifact}: the Javadoc jar has no index.html")
    for name in a.namelist():
        if "SNAPSHOT" in name:
            problems.append(f"a bundle path mentions SNAPSHOT: {name}")
    for name in sorted(a.namelist()):
        if name.endswith(".jar"):
            if name not in b.namelist():
                problems.append(f"not reproducible: {name} is only in the first build")
            elif a.read(name) != b.read(name):
                problems.append(f"not reproducible: {name} differs between the two builds")

    print("| artifact | jar | sources | javadoc | runtime dependencies (SBOM components) |")
    print("|---|---:|---:|---:|---:|")
    for artifact in sorted(expected & set(files)):
        base = f"{GROUP_PATH}{artifact}/{version}/{artifact}-{version}"
        def size(suffix):
            try:
                return f"{a.getinfo(base + suffix).file_size:,} B"
            except KeyError:
                return "-"
        try:
            sbom = json.loads(a.read(base + "-cyclonedx.json"))
            deps = str(len(sbom.get("components", [])))
        except KeyError:
            deps = "-"
        print(f"| {artifact} | {size('.jar')} | {size('-sources.jar')} | {size('-javadoc.jar')} | {deps} |")
    if problems:
        for p in problems:
            print("check-release-bundle: " + p, file=sys.stderr)
        return 1
    print(f"check-release-bundle: {len(expected)} artifacts, {len(a.namelist())} files, jars byte-identical across two builds")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
