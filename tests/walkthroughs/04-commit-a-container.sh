docker container run -ti debian
apt-get install postfix
exit
docker container commit $(docker ps -lq) debian-with-postfix
docker images debian-with-postfix --format '{{.Repository}} {{.Tag}}'
docker history debian-with-postfix
