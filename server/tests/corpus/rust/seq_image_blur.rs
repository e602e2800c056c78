// Box blur over a grayscale image held in a Vec<u8>, row by row.
// Only plain slices and iterators: chunks_exact, iter_mut, zip, windows.
// (A rayon version would use par_chunks_mut; this one deliberately does not.)

const WIDTH: usize = 64;
const HEIGHT: usize = 48;

struct Image {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Image {
    fn gradient(width: usize, height: usize) -> Image {
        let pixels = (0..width * height).map(|i| ((i % width) * 255 / (width - 1)) as u8).collect();
        Image { width, height, pixels }
    }

    fn row(&self, y: usize) -> &[u8] {
        &self.pixels[y * self.width..(y + 1) * self.width]
    }

    /// Horizontal pass then vertical pass, radius `r`, edges clamped.
    fn box_blur(&self, r: usize) -> Image {
        let mut horizontal = vec![0u8; self.pixels.len()];
        for (src, dst) in self.pixels.chunks_exact(self.width).zip(horizontal.chunks_exact_mut(self.width)) {
            for (x, out) in dst.iter_mut().enumerate() {
                let lo = x.saturating_sub(r);
                let hi = (x + r).min(self.width - 1);
                let sum: u32 = src[lo..=hi].iter().map(|&p| u32::from(p)).sum();
                *out = (sum / (hi - lo + 1) as u32) as u8;
            }
        }

        let mut out = vec![0u8; self.pixels.len()];
        for y in 0..self.height {
            let lo = y.saturating_sub(r);
            let hi = (y + r).min(self.height - 1);
            for x in 0..self.width {
                let sum: u32 = (lo..=hi).map(|yy| u32::from(horizontal[yy * self.width + x])).sum();
                out[y * self.width + x] = (sum / (hi - lo + 1) as u32) as u8;
            }
        }
        Image { width: self.width, height: self.height, pixels: out }
    }

    fn max_step(&self) -> u8 {
        (0..self.height)
            .flat_map(|y| self.row(y).windows(2).map(|w| w[0].abs_diff(w[1])))
            .max()
            .unwrap_or(0)
    }
}

fn main() {
    let img = Image::gradient(WIDTH, HEIGHT);
    let blurred = img.box_blur(3);
    println!("max neighbour step before: {}, after: {}", img.max_step(), blurred.max_step());

    // Print a coarse ASCII preview of the middle row.
    let ramp = b" .:-=+*#%@";
    let preview: String = blurred
        .row(HEIGHT / 2)
        .iter()
        .step_by(2)
        .map(|&p| ramp[usize::from(p) * (ramp.len() - 1) / 255] as char)
        .collect();
    println!("{preview}");
}
