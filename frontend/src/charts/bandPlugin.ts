/**
 * Draws each run's min/max envelope under the lines when its series was downsampled, so spikes that
 * fall between drawn points stay visible as a shaded band.
 */
import type uPlot from "uplot";

export interface Band {
  color: string;
  xLo: ArrayLike<number>;
  xHi: ArrayLike<number>;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
}

/** Band opacity: visible against the grid, faint next to the lines. */
const BAND_ALPHA = 0.22;

export function bandPlugin(getBands: () => Band[]): uPlot.Plugin {
  return {
    hooks: {
      // drawAxes fires after the grid and before the series, so bands sit under the lines.
      drawAxes: (u) => {
        const bands = getBands();
        if (bands.length === 0) return;
        const { ctx } = u;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        ctx.globalAlpha = BAND_ALPHA;
        for (const band of bands) {
          const n = band.xLo.length;
          if (n === 0) continue;
          ctx.fillStyle = band.color;
          ctx.beginPath();
          for (let i = 0; i < n; i++) {
            const x0 = u.valToPos(band.xLo[i], "x", true);
            const x1 = u.valToPos(band.xHi[i], "x", true);
            const y = u.valToPos(band.max[i], "y", true);
            if (i === 0) ctx.moveTo(x0, y);
            else ctx.lineTo(x0, y);
            ctx.lineTo(x1, y);
          }
          for (let i = n - 1; i >= 0; i--) {
            const x0 = u.valToPos(band.xLo[i], "x", true);
            const x1 = u.valToPos(band.xHi[i], "x", true);
            const y = u.valToPos(band.min[i], "y", true);
            ctx.lineTo(x1, y);
            ctx.lineTo(x0, y);
          }
          ctx.closePath();
          ctx.fill();
        }
        ctx.restore();
      },
    },
  };
}
