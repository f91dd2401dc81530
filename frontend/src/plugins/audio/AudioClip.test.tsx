import { render, screen } from "@testing-library/react";

import { AudioClip } from "./AudioClip";
import type { ClipInfo } from "./calls/audio";

const clip = (over: Partial<ClipInfo> = {}): ClipInfo => ({
  blob_id: "f0.10.16044",
  length: 16044,
  content_type: "audio/wav",
  sample_rate: 8000,
  channels: 1,
  bits_per_sample: 16,
  frames: 8000,
  duration: 1,
  label: "",
  ...over,
});

describe("AudioClip", () => {
  it("shows the clip's label as formatted Markdown above its player", () => {
    const { container } = render(
      <AudioClip src="api/blob/a" name="speech at step 3" info={clip({ label: "**dog** barking" })} />,
    );
    expect(screen.getByText("dog").tagName).toBe("STRONG");
    const caption = container.querySelector("figcaption")!;
    expect(caption.textContent?.trim()).toBe("dog barking");
    expect(caption.compareDocumentPosition(container.querySelector("audio")!)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it("never runs markup from a label", () => {
    const { container } = render(
      <AudioClip src="api/blob/a" name="x" info={clip({ label: 'hi <img src=x onerror="alert(1)"><script>alert(2)</script>' })} />,
    );
    expect(container.innerHTML).not.toMatch(/onerror|<script/i);
    expect(container.querySelector("figcaption")!.textContent).toContain("hi");
  });

  it("shows the sample rate, channels and length of the clip", () => {
    render(<AudioClip src="api/blob/a" name="x" info={clip({ sample_rate: 44100, channels: 2, duration: 2 })} />);
    expect(screen.getByText(/^44\.1 kHz · stereo · 16-bit · 2s · audio\/wav$/)).toBeTruthy();
  });

  it("leaves out the caption when the clip has no label", () => {
    const { container } = render(<AudioClip src="api/blob/a" name="speech at step 0" info={clip()} />);
    expect(container.querySelector("figcaption")).toBeNull();
    expect(screen.getByLabelText("speech at step 0").getAttribute("src")).toBe("api/blob/a");
  });
});
