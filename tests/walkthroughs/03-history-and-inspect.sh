docker pull nginx
docker history nginx:latest
docker image inspect nginx
docker inspect --format '{{.Id}} {{json .Config.ExposedPorts}} {{join .Config.Cmd " "}}' nginx
