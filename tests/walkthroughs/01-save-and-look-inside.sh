docker pull redis:3.2.11-alpine
docker save redis:3.2.11-alpine > redis.tar
mkdir redis && cd redis
tar -xvf ../redis.tar
cat manifest.json ; cat repositories
tar -tvf blobs/sha256/$(jq -r '.[0].Layers[-1]' manifest.json | cut -d/ -f3)
cd
tar cv --files-from /dev/null | docker import - empty
docker images
