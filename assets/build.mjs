// Builds the site's CSS, JavaScript and fonts from npm packages into build/static/, which
// Django's STATICFILES_DIRS picks up. Run with `npm run build` (make assets). Nothing built is
// committed: the sources are assets/ and the pinned packages in package-lock.json.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";
import subsetFont from "subset-font";
import { PurgeCSS } from "purgecss";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const modules = join(root, "node_modules");

// The characters the site's text uses: printable ASCII, the accented letters of partner
// countries' and organisations' names, typographic quotes, dashes, ellipsis, bullets, arrows,
// the symbols ©, °, × and the subscript two of CO₂. Anything else falls back to the system font.
const GLYPHS =
  String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i)) +
  "\u00a0©®°·×÷àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßœŒ" +
  "‐‑–—‘’‚“”„•…›‹€™−→←↑↓▾▴₂";

async function buildCss() {
  const result = sass.compile(join(root, "assets", "scss", "site.scss"), {
    loadPaths: [modules],
    // SGDS's partials import Bootstrap the webpack way ("~bootstrap/scss/..."): resolve the
    // tilde to node_modules.
    importers: [
      {
        findFileUrl(url) {
          return url.startsWith("~") ? new URL(url.slice(1), pathToFileURL(modules + "/")) : null;
        },
      },
    ],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "color-functions"],
  });
  // Keep only the rules whose classes and elements the site's templates use (every app's
  // templates: agreements, enquiries, alerts, editorial, registry, ...), and the Python that
  // writes markup (forms' widget attributes, template tags) or names the elements editors may
  // use (the rich-text rules). The badge class the templates
  // build from data (badge--<status>) is kept by pattern; <textarea> is written by Django's own
  // widget templates, which are not scanned.
  const [purged] = await new PurgeCSS().purge({
    content: [
      join(root, "templates", "**", "*.html"),
      join(root, "*", "templates", "**", "*.html"),
      join(root, "assets", "js", "*.js"),
      join(root, "editorial", "richtext.py"),
      join(root, "*", "forms.py"),
      join(root, "*", "templatetags", "*.py"),
    ],
    css: [{ raw: result.css }],
    // --sgds-* custom properties are read by the masthead component inside its shadow DOM.
    safelist: {
      standard: [/^badge--/, "textarea"],
      variables: [/^--sgds-mainnav/],
    },
    variables: true,
    keyframes: true,
  });
  await writeFile(join(out, "css", "site.css"), purged.css);
}

async function buildJs() {
  await esbuild.build({
    entryPoints: [join(root, "assets", "js", "site.js")],
    outfile: join(out, "js", "site.js"),
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    legalComments: "none",
    logLevel: "warning",
  });
}

async function buildFonts() {
  for (const weight of [400, 700]) {
    const source = join(modules, "@fontsource", "inter", "files", `inter-latin-${weight}-normal.woff2`);
    const subset = await subsetFont(await readFile(source), GLYPHS, { targetFormat: "woff2" });
    await writeFile(join(out, "fonts", `inter-${weight}.woff2`), subset);
  }
}

async function buildCrest() {
  // The lion-head crest for the masthead without JavaScript, taken from the official masthead
  // component so both show the same mark.
  const component = await readFile(
    join(modules, "@govtechsg", "sgds-web-component", "components", "Masthead", "sgds-masthead.js"),
    "utf8",
  );
  const match = component.match(/<svg[^>]*class="sg-crest"[\s\S]*?<\/svg>/);
  if (!match) throw new Error("the crest was not found in @govtechsg/sgds-web-component's masthead");
  const svg = match[0]
    .replace(/\s*class="sg-crest"/, "")
    .replace(/fill="currentColor"/g, 'fill="#db0000"')
    .replace(/\s+/g, " ");
  await writeFile(join(out, "img", "sg-crest.svg"), svg + "\n");
}

await Promise.all(["css", "js", "fonts", "img"].map((d) => mkdir(join(out, d), { recursive: true })));
await Promise.all([buildCss(), buildJs(), buildFonts(), buildCrest()]);
console.log("assets built into build/static/");
