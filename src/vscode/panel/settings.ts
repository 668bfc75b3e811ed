import * as vscode from 'vscode';
import * as z from 'zod';
import { CONFIG_SECTION, ConfigKeys } from '../../ids';

/** The request panel's settings, read per resource (the app's folder) and validated once per read. */
const PanelSettingsSchema = z.object({
  baseUrl: z.string().trim().catch(''),
  allowNonLoopback: z.boolean().catch(false),
  requestTimeoutMs: z.number().int().min(100).max(600_000).catch(30_000),
  followRedirects: z.boolean().catch(false),
  codeLensEnabled: z.boolean().catch(true),
});
export type PanelSettings = z.infer<typeof PanelSettingsSchema>;

export function readPanelSettings(resource?: vscode.Uri): PanelSettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, resource ?? null);
  return PanelSettingsSchema.parse({
    baseUrl: c.get(ConfigKeys.baseUrl),
    // A user-level setting only (scope "application"): a cloned repository cannot send requests off the machine.
    allowNonLoopback: c.inspect<boolean>(ConfigKeys.allowNonLoopback)?.globalValue ?? false,
    requestTimeoutMs: c.get(ConfigKeys.requestTimeoutMs),
    followRedirects: c.get(ConfigKeys.followRedirects),
    codeLensEnabled: c.get(ConfigKeys.codeLensEnabled),
  });
}

export function affectsPanel(e: vscode.ConfigurationChangeEvent): boolean {
  const keys = [ConfigKeys.baseUrl, ConfigKeys.allowNonLoopback, ConfigKeys.requestTimeoutMs, ConfigKeys.followRedirects, ConfigKeys.codeLensEnabled];
  return keys.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`));
}
