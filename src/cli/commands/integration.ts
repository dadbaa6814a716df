// PLACEHOLDER (helper B): rekindle integration add|list|remove
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerIntegrationCommands(_program: Command, _ctx: CliContext): void {}
