// PLACEHOLDER (helper A): rekindle classify --json
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerClassifyCommand(_program: Command, _ctx: CliContext): void {}
