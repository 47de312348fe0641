./busybox-static busybox
ls busybox
ls -l busybox/bin | head -5
echo KatacodaPrivateBuild > busybox/release
tar -C busybox -c . | docker import - busybox
docker run busybox cat /release
docker save busybox > busybox.tar
docker rmi busybox
cat busybox.tar | docker load
docker inspect busybox:latest | jq -r '.[].RootFS'
