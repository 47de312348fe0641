import type { CliCommand } from '../command.ts';
import { analyzeCommand } from './analyze/index.ts';
import { catCommand } from './cat/index.ts';
import { diffCommand } from './diff/index.ts';
import { inspectCommand } from './inspect/index.ts';
import { lessonsCommand } from './lessons/index.ts';
import { lsCommand } from './ls/index.ts';
import { shellCommand } from './shell/index.ts';
import { tarCommand } from './tar/index.ts';
import { treeCommand } from './tree/index.ts';
import { verifyCommand } from './verify/index.ts';

/** Every CLI command, in the order `layerlab --help` lists them. */
export const commands: readonly CliCommand[] = [
  inspectCommand,
  lsCommand,
  catCommand,
  treeCommand,
  diffCommand,
  analyzeCommand,
  verifyCommand,
  tarCommand,
  shellCommand,
  lessonsCommand,
] as unknown as readonly CliCommand[];
