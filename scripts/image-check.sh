#!/usr/bin/env bash
# Builds both container images with Jib (`mvn -Pimage package`) without a Docker daemon and without a
# registry: the base image is a stand-in made here as a `docker save` tarball (one empty layer), so the
# check runs on machines that cannot reach Docker Hub. Then it reads each image's config and checks the
# contract of docs/images.md: entrypoint main class, non-root user. Real builds use the real base image.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/base.tar" <<'PY'
import hashlib, io, json, sys, tarfile
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w") as t:
    tmp = tarfile.TarInfo("tmp/"); tmp.type = tarfile.DIRTYPE; tmp.mode = 0o1777; t.addfile(tmp)
layer = layer.getvalue()
layer_id = hashlib.sha256(layer).hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin:/bin"]},
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_id]}}).encode()
config_id = hashlib.sha256(config).hexdigest()
manifest = json.dumps([{"Config": config_id + ".json", "RepoTags": ["stand-in/base:latest"],
                        "Layers": [layer_id + "/layer.tar"]}]).encode()
with tarfile.open(sys.argv[1], "w") as t:
    for name, data in [(config_id + ".json", config), (layer_id + "/layer.tar", layer), ("manifest.json", manifest)]:
        entry = tarfile.TarInfo(name); entry.size = len(data); t.addfile(entry, io.BytesIO(data))
PY
mvn -B -q -Pimage -DskipTests package -Dimage.base="tar://$work/base.tar"
for module in api-server:io.drippulse.crm.api.Main portability-worker:io.drippulse.crm.worker.WorkerMain; do
  python3 - "${module%%:*}/target/jib-image.tar" "${module#*:}" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    manifest = json.load(t.extractfile("manifest.json"))[0]
    config = json.load(t.extractfile(manifest["Config"]))["config"]
assert config["Entrypoint"][-1] == sys.argv[2], f"{sys.argv[1]}: entrypoint {config['Entrypoint']}"
assert config.get("User", "").split(":")[0] not in ("", "0", "root"), f"{sys.argv[1]}: runs as {config.get('User')!r}"
print(f"{manifest['RepoTags'][0]}: entrypoint {' '.join(config['Entrypoint'])}, user {config['User']}")
PY
done
