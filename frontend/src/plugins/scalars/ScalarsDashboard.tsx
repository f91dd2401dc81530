import type { DashboardProps } from "../../lib/plugin";

export function ScalarsDashboard({ runs }: DashboardProps) {
  return <p>{runs.length} runs</p>;
}
