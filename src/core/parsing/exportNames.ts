// The names a route file exports, read from its top-level tokens with TypeScript's scanner: no syntax tree is
// built. Route discovery reads every route file of an app (5,000 in the benchmark) and only needs the method
// names, which a full parse made the dominant cost. When anything is unclear (syntax the scanner alone cannot
// follow, an error, `export *`, a destructuring pattern beyond `{ A, b: B }`) the answer is `undefined` and the
// caller parses the file (exports.ts). Where this returns names, they are exactly the names `exportsOf` lists:
// test/unit/parsing/exportNames.test.ts checks that on every shape it knows and on 10,000 fuzzed files.
import { ts } from './ts';

const K = ts.SyntaxKind;

/** Tokens after which a `/` is a division (an expression just ended), not the start of a regular expression. */
function endsExpression(kind: ts.SyntaxKind): boolean {
  return (
    kind === K.Identifier || kind === K.PrivateIdentifier || kind === K.CloseParenToken || kind === K.CloseBracketToken || kind === K.CloseBraceToken ||
    kind === K.NumericLiteral || kind === K.BigIntLiteral || kind === K.StringLiteral || kind === K.RegularExpressionLiteral ||
    kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateTail || kind === K.PlusPlusToken || kind === K.MinusMinusToken ||
    kind === K.ThisKeyword || kind === K.SuperKeyword || kind === K.TrueKeyword || kind === K.FalseKeyword || kind === K.NullKeyword
  );
}

function isKeyword(kind: ts.SyntaxKind): boolean {
  return kind >= K.FirstKeyword && kind <= K.LastKeyword;
}

/** A name as an export specifier may write it: an identifier, any keyword (`default`), or a string. */
function isNameToken(kind: ts.SyntaxKind): boolean {
  return kind === K.Identifier || isKeyword(kind) || kind === K.StringLiteral;
}

const UNSURE = new Error('unsure');

/** What `export default` may be followed by for the answer to be `default` without doubt. */
const DEFAULT_STARTS = new Set([
  K.FunctionKeyword, K.AsyncKeyword, K.Identifier, K.StringLiteral, K.NumericLiteral, K.BigIntLiteral, K.NoSubstitutionTemplateLiteral,
  K.TemplateHead, K.OpenBraceToken, K.OpenParenToken, K.OpenBracketToken, K.NewKeyword, K.ThisKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword,
]);

/**
 * Exported names in source order, as `exportsOf` (exports.ts) lists them: exported function declarations (`default`
 * for a default one), each name of an exported variable statement, each non-type name of an `export { … }` list,
 * `default` for `export default <expression>`. Classes, enums, types, interfaces and namespaces are not listed.
 * `undefined` when the scanner alone cannot be sure; never throws.
 */
export function scanExportNames(file: string, text: string): string[] | undefined {
  // JSX needs the parser to tell `<` as a tag from `<` as an operator; route files rarely contain it.
  if (/\.(tsx|jsx)$/i.test(file)) return undefined;
  const js = /\.[mc]?js$/i.test(file);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, js ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text, () => {
    throw UNSURE; // an unterminated string, comment, template or regular expression, an invalid character…
  });
  const names: string[] = [];
  /** Open brackets: '(' '[' '{' and '$' for a template's `${`. */
  const stack: string[] = [];
  let prev = K.Unknown as ts.SyntaxKind;
  let kind = K.Unknown as ts.SyntaxKind;
  /** Inside `export const a = …` at the top level: a top-level comma could declare another name. */
  let inDeclarations = false;

  const next = (): ts.SyntaxKind => {
    prev = kind;
    kind = scanner.scan();
    if (kind === K.SlashToken || kind === K.SlashEqualsToken) {
      if (!endsExpression(prev)) kind = scanner.reScanSlashToken();
    } else if (kind === K.CloseBraceToken && stack[stack.length - 1] === '$') {
      kind = scanner.reScanTemplateToken(false);
    } else if (js && kind === K.LessThanToken && !endsExpression(prev)) {
      throw UNSURE; // a JSX element in a .js file
    }
    switch (kind) {
      case K.OpenParenToken:
        stack.push('(');
        break;
      case K.OpenBracketToken:
        stack.push('[');
        break;
      case K.OpenBraceToken:
        stack.push('{');
        break;
      case K.TemplateHead:
        stack.push('$');
        break;
      case K.TemplateMiddle:
        if (stack[stack.length - 1] !== '$') throw UNSURE;
        break;
      case K.TemplateTail:
        if (stack.pop() !== '$') throw UNSURE;
        break;
      case K.CloseParenToken:
        if (stack.pop() !== '(') throw UNSURE;
        break;
      case K.CloseBracketToken:
        if (stack.pop() !== '[') throw UNSURE;
        break;
      case K.CloseBraceToken:
        if (stack.pop() !== '{') throw UNSURE;
        break;
    }
    return kind;
  };
  const expect = (k: ts.SyntaxKind): void => {
    if (next() !== k) throw UNSURE;
  };
  const identifier = (): string => {
    if (next() !== K.Identifier) throw UNSURE;
    return scanner.getTokenValue();
  };

  /** `export { a, b as C, 'x' as D }` after its `{`. */
  const exportList = (): void => {
    for (;;) {
      let k = next();
      if (k === K.CloseBraceToken) return;
      if (k === K.TypeKeyword) throw UNSURE; // `type X` or a name `type`: the parser decides
      if (!isNameToken(k)) throw UNSURE;
      let name = scanner.getTokenValue();
      k = next();
      if (k === K.AsKeyword) {
        if (!isNameToken(next())) throw UNSURE;
        name = scanner.getTokenValue();
        k = next();
      }
      names.push(name);
      if (k === K.CloseBraceToken) return;
      if (k !== K.CommaToken) throw UNSURE;
    }
  };

  /** `export const { A, b: B } = …` after its `{`: only flat patterns of plain names. */
  const objectPattern = (): void => {
    for (;;) {
      let k = next();
      if (k === K.CloseBraceToken) return;
      if (k !== K.Identifier && !isKeyword(k)) throw UNSURE;
      let name = scanner.getTokenValue();
      k = next();
      if (k === K.ColonToken) {
        name = identifier();
        k = next();
      } else if (isKeyword(prev)) throw UNSURE; // `{ default }` cannot bind
      names.push(name);
      if (k === K.CloseBraceToken) return;
      if (k !== K.CommaToken) throw UNSURE;
    }
  };

  const declarations = (): void => {
    const k = next();
    if (k === K.Identifier) names.push(scanner.getTokenValue());
    else if (k === K.OpenBraceToken) objectPattern();
    else throw UNSURE;
    // after the name: an initializer, a type, `!`, or the end of the statement; anything else is an error the
    // parser recovers from in its own way (`export const a.b = 1` declares `b` too)
    const after = scanner.lookAhead(() => {
      const t = scanner.scan();
      return t === K.EqualsToken || t === K.ColonToken || t === K.ExclamationToken || t === K.SemicolonToken || t === K.EndOfFileToken || scanner.hasPrecedingLineBreak();
    });
    if (!after) throw UNSURE;
    inDeclarations = true;
  };

  const exportStatement = (): void => {
    let k = next();
    if (k === K.DeclareKeyword) k = next();
    switch (k) {
      case K.DefaultKeyword: {
        k = next();
        if (k === K.ClassKeyword || k === K.AbstractKeyword || k === K.InterfaceKeyword) return; // not listed
        // a function or a plain expression; anything else (a decorator, an error) is the parser's to recover from
        if (!DEFAULT_STARTS.has(k)) throw UNSURE;
        names.push('default');
        return;
      }
      case K.AsyncKeyword:
      case K.FunctionKeyword: {
        if (k === K.AsyncKeyword) expect(K.FunctionKeyword);
        k = next();
        if (k === K.AsteriskToken) k = next();
        if (k !== K.Identifier) throw UNSURE;
        names.push(scanner.getTokenValue());
        // anything but a parameter list or type parameters next: the parser's recovery decides
        if (!scanner.lookAhead(() => [K.OpenParenToken, K.LessThanToken].includes(scanner.scan()))) throw UNSURE;
        return;
      }
      case K.ConstKeyword:
        if (scanner.lookAhead(() => scanner.scan() === K.EnumKeyword)) return; // `export const enum`: not listed
        declarations();
        return;
      case K.LetKeyword:
      case K.VarKeyword:
        declarations();
        return;
      case K.OpenBraceToken:
        exportList();
        return;
      case K.TypeKeyword:
      case K.InterfaceKeyword:
      case K.ClassKeyword:
      case K.AbstractKeyword:
      case K.EnumKeyword:
      case K.NamespaceKeyword:
      case K.ModuleKeyword:
      case K.EqualsToken: // `export = x`
        return; // none of these is listed; the rest of the statement is skipped by the main loop
      default:
        throw UNSURE; // `export *`, `export import`, `export as namespace`, errors
    }
  };

  try {
    while (next() !== K.EndOfFileToken) {
      if (stack.length === 0 && kind === K.SemicolonToken) inDeclarations = false;
      if (kind === K.CommaToken && stack.length === 0 && inDeclarations) throw UNSURE; // `export const a = 1, b = 2`
      if (kind !== K.ExportKeyword || prev === K.DotToken || prev === K.QuestionDotToken) continue;
      // `export` must start a statement at the top level: anywhere else the parser's recovery decides.
      if (stack.length > 0) throw UNSURE;
      const startsStatement = prev === K.Unknown || prev === K.SemicolonToken || prev === K.CloseBraceToken || (scanner.hasPrecedingLineBreak() && (endsExpression(prev) || isKeyword(prev)));
      if (!startsStatement) throw UNSURE;
      inDeclarations = false;
      exportStatement();
    }
    if (stack.length > 0) return undefined;
    return names;
  } catch {
    return undefined; // UNSURE, or anything unexpected from the scanner: "unsure" is always a safe answer
  }
}
