// The document around the sections. Self-contained: one inline style sheet, inline SVG, no script, no font, no image,
// no link. The Content-Security-Policy says so to the browser too: it allows nothing from the network and no script
// at all, and only this exact style sheet (by its hash), so even a value that slipped past escaping could neither
// load nor run anything, and the file behaves the same opened from a mailbox, a bucket or a disk.
import { createHash } from 'node:crypto';
import { html, raw, type Interpolation, type SafeHtml } from './escape';
import { STYLE } from './style';

const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

export function contentSecurityPolicy(css: string = STYLE): string {
  return [
    "default-src 'none'",
    `style-src ${styleHash(css)}`,
    // Nothing is loaded, but a few mail clients rewrite images into data: URLs; allow those and nothing else.
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function page({ title, body }: { title: string; body: Interpolation }): SafeHtml {
  // The policy must come before anything it governs, so it is the first thing in <head> after the charset.
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="generator" content="dr-drill"><title>${title}</title><style>${raw(STYLE)}</style></head>
<body>${body}</body></html>
`;
}
