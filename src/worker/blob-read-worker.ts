/** The reader worker the engine worker starts for uploads' byte streams (see blob-reads.ts). */
import { serveBlobReads, type MessageEnd } from './blob-reads.ts';

serveBlobReads(self as unknown as MessageEnd);
