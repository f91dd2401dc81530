/** The order chart tooltips list their rows in: one choice for every chart, set from the settings. */

export type TooltipSort = "nearest" | "value" | "name";
export const TOOLTIP_SORTS: readonly TooltipSort[] = ["nearest", "value", "name"];

let choice: TooltipSort = "nearest";

export function setTooltipSort(sort: TooltipSort): void {
  choice = sort;
}

export function tooltipSort(): TooltipSort {
  return choice;
}
