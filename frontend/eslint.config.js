// Lint rules that keep the frontend's shape: the app composes dashboards, each dashboard (src/plugins/<name>)
// imports only shared code, shared code (components, charts, hooks, lib) imports no dashboard and not the app
// (nor the static report, src/report),
// there are no import cycles, and React's rules of hooks hold. Run by `bash scripts/test` (npx eslint .).
import fs from "node:fs";

import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const PLUGINS = fs.readdirSync(new URL("./src/plugins", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const SHARED = ["components", "charts", "hooks", "lib"];

const boundaries = [
  // Shared code never reaches up into a dashboard or the app shell.
  ...SHARED.map((dir) => ({
    target: `./src/${dir}`,
    from: ["./src/plugins", "./src/app", "./src/report"],
    message: "shared code must not import a dashboard, the app shell or the static report",
  })),
  // A dashboard never imports another dashboard, nor the app shell.
  ...PLUGINS.map((name) => ({
    target: `./src/plugins/${name}`,
    from: "./src/plugins",
    except: [`./${name}`],
    message: "a dashboard must not import another dashboard; move what both need to src/lib or src/components",
  })),
  // The static report (src/report, `trainboard export`) is a second app: it composes shared code and the
  // scalars dashboard's chart code, and nothing imports it.
  ...PLUGINS.map((name) => ({
    target: `./src/plugins/${name}`,
    from: "./src/report",
    message: "a dashboard must not import the static report",
  })),
  { target: "./src/app", from: "./src/report", message: "the app shell must not import the static report" },
  ...PLUGINS.map((name) => ({
    target: `./src/plugins/${name}`,
    from: "./src/app",
    message: "a dashboard must not import the app shell; it gets what it needs as DashboardProps",
  })),
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**"] },
  { files: ["*.js", "*.ts"], languageOptions: { globals: { ...globals.node } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      // no-cycle follows imports by parsing each module: with TypeScript's parser, not espree.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx", ".js"],
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones: boundaries }],
    },
  },
);
