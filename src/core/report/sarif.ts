// SARIF 2.1.0, the format GitHub code scanning (and Azure DevOps, GitLab, SonarQube) imports.
// Paths are relative to %SRCROOT% (the base folder), so results map onto the repository checkout.
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { RuleId, Severity } from '../analysis/types';
import type { LintReport, LocatedSpan, Region } from './locate';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** Standard weakness ids, so code scanning files the two security rules under their CWE. */
const RULE_TAGS: Partial<Record<RuleId, string[]>> = {
  'leaked-error-message': ['security', 'external/cwe/cwe-209'],
  'unescaped-markup': ['security', 'external/cwe/cwe-79'],
};

function level(s: Severity): Sarif.ReportingConfiguration.level {
  return s === 'info' ? 'note' : s;
}

/** A relative URI reference: each path segment percent-encoded (`[id]` -> `%5Bid%5D`). */
function uriOf(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

function artifact(l: LocatedSpan): Sarif.ArtifactLocation {
  return { uri: uriOf(l.relPath), uriBaseId: SRCROOT };
}

function region(r: Region): Sarif.Region {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
}

function physical(l: LocatedSpan): Sarif.PhysicalLocation {
  return { artifactLocation: artifact(l), region: region(l.region) };
}

function camel(id: string): string {
  return id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}

export function toSarif(report: LintReport): Sarif.Log {
  const ruleIndex = new Map<string, number>(report.rules.map((r, i) => [r.id, i]));
  const rules: Sarif.ReportingDescriptor[] = report.rules.map((r) => ({
    id: r.id,
    name: camel(r.id),
    shortDescription: { text: r.description },
    helpUri: r.docsUrl,
    help: { text: `${r.description} See ${r.docsUrl}`, markdown: `${r.description} [Documentation](${r.docsUrl})` },
    defaultConfiguration: r.effective === 'off' ? { enabled: false, level: level(r.defaultSeverity) } : { enabled: true, level: level(r.effective) },
    properties: { tags: ['nextjs', 'route-handler', ...(RULE_TAGS[r.id] ?? [])] },
  }));

  const results: Sarif.Result[] = report.entries.map((e) => {
    const result: Sarif.Result = {
      ruleId: e.ruleId,
      level: level(e.severity),
      message: { text: e.message },
      locations: [{ physicalLocation: physical(e.location) }],
    };
    const idx = ruleIndex.get(e.ruleId);
    if (idx !== undefined) result.ruleIndex = idx;
    if (e.related.length > 0) {
      result.relatedLocations = e.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r), message: { text: r.message } }));
    }
    if (e.fixes.length > 0) {
      result.fixes = e.fixes.map((f) => {
        const byFile = new Map<string, Sarif.ArtifactChange>();
        for (const edit of f.edits) {
          let change = byFile.get(edit.relPath);
          if (!change) {
            change = { artifactLocation: artifact(edit), replacements: [] };
            byFile.set(edit.relPath, change);
          }
          change.replacements.push({ deletedRegion: region(edit.region), insertedContent: { text: edit.newText } });
        }
        return { description: { text: f.title }, artifactChanges: [...byFile.values()] };
      });
    }
    return result;
  });

  const baseUri = pathToFileURL(report.baseDir).href.replace(/\/?$/, '/');
  const skipped = report.skipped ?? [];
  const notifications: Sarif.Notification[] = [
    ...(report.notifications ?? []).map((n): Sarif.Notification => ({ level: n.level, message: { text: n.message } })),
    ...skipped.map((s): Sarif.Notification => ({
      level: 'error',
      message: { text: `${s.relPath}: ${s.reason}; not analysed` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(s.relPath), uriBaseId: SRCROOT } } }],
    })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: report.tool.informationUri,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        // A file that could not be analysed makes the run unsuccessful: its results are not the whole truth.
        invocations: [{ executionSuccessful: skipped.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function formatSarif(report: LintReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
