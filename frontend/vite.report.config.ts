/**
 * The static report (`trainboard export`): one HTML file, src/trainboard/static/report.html, with its
 * script and styles inlined, since a page opened from file:// may load nothing else (module scripts
 * from file:// are blocked as cross-origin). The exporter fills in the data placeholders.
 */
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/** Moves the bundle's one script and one stylesheet into the HTML and drops the files. */
function inlineBundle(): Plugin {
  return {
    name: "trainboard-inline-bundle",
    enforce: "post",
    generateBundle(_options, bundle) {
      const page = bundle["report.html"];
      if (!page || page.type !== "asset") throw new Error("report.html is missing from the bundle");
      let html = String(page.source);
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === "chunk") {
          // "</script" inside the code would end the inline element early.
          const code = item.code.replace(/<\/script/gi, "<\\/script");
          html = html.replace(new RegExp(`<script type="module" crossorigin src="[^"]*${escape(name)}"></script>`), () => `<script type="module">${code}</script>`);
          delete bundle[name];
        } else if (name.endsWith(".css")) {
          const css = String(item.source).replace(/<\/style/gi, "<\\/style");
          html = html.replace(new RegExp(`<link rel="stylesheet" crossorigin href="[^"]*${escape(name)}">`), () => `<style>${css}</style>`);
          delete bundle[name];
        }
      }
      if (/<script[^>]+src=|<link[^>]+stylesheet/.test(html)) throw new Error("report.html still links a file");
      page.source = html;
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export default defineConfig({
  plugins: [react(), inlineBundle()],
  base: "./",
  build: {
    outDir: "../src/trainboard/static",
    // The dashboard's build ran first into the same folder.
    emptyOutDir: false,
    copyPublicDir: false,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      input: "report.html",
      output: { inlineDynamicImports: true },
    },
  },
});
