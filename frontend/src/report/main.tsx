import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "../app/theme.css";
import "../plugins/scalars/scalars.css";
import "./report.css";
import { readEmbedded, type Report } from "./data";
import { ReportApp } from "./ReportApp";

const root = createRoot(document.getElementById("root")!);
let report: Report | null = null;
let problem = "";
try {
  report = readEmbedded();
} catch (err) {
  problem = (err as Error).message;
}
root.render(
  <StrictMode>
    {report ? <ReportApp report={report} /> : <p className="tb-error tb-report-problem">The report cannot be read: {problem}</p>}
  </StrictMode>,
);
