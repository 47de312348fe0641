/** hello-world:latest: one static binary, /hello, copied into an empty image (`FROM scratch`). */
import { ImageRecipe } from '../image-recipe.ts';
import { PATH_ENV } from './common.ts';

const CREATED = '2025-08-08T19:05:17Z';

export async function buildHelloWorld() {
  const image = new ImageRecipe();
  image.layer(CREATED, 'COPY hello / # buildkit', (tree) => tree.binary('/hello', { version: '1.2', realSize: 10072 }, { mtime: 1754679917 }), 'buildkit.dockerfile.v0');
  image.meta(CREATED, 'CMD ["/hello"]', 'buildkit.dockerfile.v0');
  return image.build({
    names: ['docker.io/library/hello-world:latest'],
    config: { Env: [PATH_ENV], Cmd: ['/hello'], WorkingDir: '/' },
  });
}
