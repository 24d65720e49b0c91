/**
 * An illustration that notices may show (`![安全出口](/notices/media/fire-exit.svg)`):
 * images in a notice must be files of this site (functions/notices/markdown.ts).
 * Built as a static file. Further images go beside it, or into the public store under notices/media/.
 */
import type { APIRoute } from 'astro';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 240" width="480" height="240" role="img" aria-label="安全出口">
<rect width="480" height="240" rx="12" fill="#00703c"/>
<g fill="#fff">
<circle cx="118" cy="58" r="20"/>
<path d="M104 84h34l22 40 34 10-6 20-44-14-8-14-10 36 32 26-4 44h-22l2-34-34-26-18 60H64l26-92-18 8-12 36-20-6 16-46z"/>
<path d="M196 120l40-32v20h40v24h-40v20z"/>
<text x="452" y="112" font-family="sans-serif" font-size="40" font-weight="700" text-anchor="end">安全出口</text>
<text x="452" y="160" font-family="sans-serif" font-size="28" text-anchor="end">EXIT</text>
</g>
</svg>
`;

export const GET: APIRoute = () => new Response(svg, { headers: { 'Content-Type': 'image/svg+xml' } });
