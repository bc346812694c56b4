//! The smaller copies of one image in the cache folder: which ones it gets (its own
//! format, and WebP when that is smaller), making those that are missing, and listing
//! them for the output.

use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat};
use sha2::{Digest, Sha256};

use super::{unreadable, CACHE_VERSION, JPEG_QUALITY};
use crate::diag::Diagnostic;

/// One smaller copy of an image, as cached.
pub(super) struct Copy {
    pub width: u32,
    pub height: u32,
    pub ext: &'static str,
    pub cached: PathBuf,
}

/// The cached copies of one image, at `targets` widths.
pub(super) struct Cached<'a> {
    cache: &'a Path,
    /// The start of the original's SHA-256, naming its cache files.
    hash: String,
    format: ImageFormat,
    width: u32,
    height: u32,
    targets: Vec<u32>,
    /// The cached "is WebP smaller?" decision.
    pub marker: PathBuf,
}

impl<'a> Cached<'a> {
    /// The copies of the image `bytes` (`format`, `width` × `height` as displayed) at
    /// `targets` widths, in `cache`.
    pub(super) fn new(
        cache: &'a Path,
        bytes: &[u8],
        format: ImageFormat,
        (width, height): (u32, u32),
        targets: Vec<u32>,
    ) -> Cached<'a> {
        let hash = {
            let d = Sha256::digest(bytes);
            d.iter()
                .take(12)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let marker = cache.join(format!("{hash}-{CACHE_VERSION}.webp-decision"));
        Cached {
            cache,
            hash,
            format,
            width,
            height,
            targets,
            marker,
        }
    }

    fn key(&self, t: u32, ext: &str) -> PathBuf {
        self.cache
            .join(format!("{}-{CACHE_VERSION}-{t}.{ext}", self.hash))
    }

    fn height_at(&self, t: u32) -> u32 {
        let (width, height) = (self.width, self.height);
        ((u64::from(height) * u64::from(t) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
    }

    fn own_ext(&self) -> &'static str {
        ext_of(self.format)
    }

    /// The (width, extension) of every copy: own format at each target, then WebP at
    /// each target and full width.
    fn wanted(&self, webp: bool) -> Vec<(u32, &'static str)> {
        let own_ext = self.own_ext();
        let mut want: Vec<(u32, &'static str)> =
            self.targets.iter().map(|&t| (t, own_ext)).collect();
        if webp {
            want.extend(self.targets.iter().map(|&t| (t, "webp")));
            want.push((self.width, "webp"));
        }
        want
    }

    /// Make the copies not cached yet (decoding the image only then); the first time,
    /// decide whether WebP copies are worth it.
    pub(super) fn fill(
        &self,
        decoder: impl ImageDecoder,
        orientation: image::metadata::Orientation,
        file: &Path,
    ) -> Result<(), Diagnostic> {
        let webp_known = std::fs::read_to_string(&self.marker)
            .ok()
            .map(|s| s.trim() == "yes");
        let want = self.wanted(self.format != ImageFormat::WebP && webp_known != Some(false));
        let missing = want.iter().any(|&(t, e)| !self.key(t, e).is_file()) || webp_known.is_none();
        if !missing {
            return Ok(());
        }
        let mut img = DynamicImage::from_decoder(decoder)
            .map_err(|e| unreadable(file.to_path_buf(), &e.to_string()))?;
        img.apply_orientation(orientation);
        let mut use_webp = webp_known;
        if self.format != ImageFormat::WebP && use_webp.is_none() {
            use_webp = Some(self.decide_webp(&img, file)?);
        }
        for (t, e) in self.wanted(use_webp == Some(true)) {
            let k = self.key(t, e);
            if k.is_file() {
                continue;
            }
            let f = if e == "webp" {
                ImageFormat::WebP
            } else {
                self.format
            };
            let bytes = if t == self.width {
                encode(&img, f)
            } else {
                encode(&self.resized(&img, t), f)
            }
            .map_err(|e| unreadable(file.to_path_buf(), &e))?;
            let _ = crate::fsutil::write_atomic(&k, &bytes);
        }
        Ok(())
    }

    fn resized(&self, img: &DynamicImage, t: u32) -> DynamicImage {
        img.resize_exact(
            t,
            self.height_at(t),
            image::imageops::FilterType::CatmullRom,
        )
    }

    /// Decide once per image, on the narrowest copy, whether lossless WebP is
    /// smaller than the own format; both copies are cached, and the decision too.
    fn decide_webp(&self, img: &DynamicImage, file: &Path) -> Result<bool, Diagnostic> {
        let encode_err = |e: String| unreadable(file.to_path_buf(), &e);
        let t = self.targets[0];
        let small = self.resized(img, t);
        let own = encode(&small, self.format).map_err(encode_err)?;
        let webp = encode(&small, ImageFormat::WebP).map_err(encode_err)?;
        let yes = webp.len() * 10 < own.len() * 9;
        let _ = crate::fsutil::write_atomic(&self.key(t, self.own_ext()), &own);
        if yes {
            let _ = crate::fsutil::write_atomic(&self.key(t, "webp"), &webp);
        }
        let _ = crate::fsutil::write_atomic(&self.marker, if yes { b"yes\n" } else { b"no\n" });
        Ok(yes)
    }

    /// The copies to publish; none when one of them is not in the cache (a cache write
    /// that failed, on a read-only disk, leaves the image without copies).
    pub(super) fn copies(&self) -> Vec<Copy> {
        let use_webp = self.format != ImageFormat::WebP
            && std::fs::read_to_string(&self.marker).is_ok_and(|s| s.trim() == "yes");
        let mut copies: Vec<Copy> = self
            .wanted(use_webp)
            .into_iter()
            .map(|(t, ext)| Copy {
                width: t,
                height: self.height_at(t),
                ext,
                cached: self.key(t, ext),
            })
            .collect();
        if copies.iter().any(|c| !c.cached.is_file()) {
            copies.clear();
        }
        copies
    }
}

fn ext_of(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Gif => "gif",
        _ => "jpg",
    }
}

pub(super) fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let r =
        match format {
            ImageFormat::Jpeg => img.to_rgb8().write_with_encoder(
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, JPEG_QUALITY),
            ),
            ImageFormat::Png => {
                let enc = image::codecs::png::PngEncoder::new_with_quality(
                    &mut buf,
                    image::codecs::png::CompressionType::Best,
                    image::codecs::png::FilterType::Adaptive,
                );
                if img.color().has_alpha() {
                    img.to_rgba8().write_with_encoder(enc)
                } else {
                    img.to_rgb8().write_with_encoder(enc)
                }
            }
            _ => {
                let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut buf);
                if img.color().has_alpha() {
                    img.to_rgba8().write_with_encoder(enc)
                } else {
                    img.to_rgb8().write_with_encoder(enc)
                }
            }
        };
    r.map(|_| buf).map_err(|e| e.to_string())
}
