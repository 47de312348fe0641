mkdir app && cd app
echo 'hello from the image' > greeting.txt
cat > Dockerfile <<'DOCKERFILE'
FROM busybox
WORKDIR /app
COPY greeting.txt .
RUN cat greeting.txt | tr a-z A-Z > shout.txt
CMD ["cat", "/app/shout.txt"]
DOCKERFILE
docker build -t hello-app .
docker run --rm hello-app
docker history hello-app
docker build -t hello-app .
docker run -d redis
docker ps
docker exec $(docker ps -q) redis-cli ping || echo "redis-cli is not emulated"
docker stop $(docker ps -q)
docker ps -a --format '{{.Image}} {{.Status}}'
