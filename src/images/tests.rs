use super::*;
use image::DynamicImage;

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    // A photo-like image: smooth gradients plus noise, so JPEG beats lossless WebP.
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (seed >> 24) as u8 / 4;
        image::Rgb([(x % 256) as u8 ^ n, (y % 256) as u8, n.wrapping_mul(3)])
    });
    let mut buf = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut buf, 90,
        ))
        .unwrap();
    buf
}

fn flat_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgba([164, 22, 26, 255])
        } else {
            image::Rgba([255, 255, 255, 0])
        }
    });
    let mut buf = Vec::new();
    DynamicImage::ImageRgba8(img)
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut buf))
        .unwrap();
    buf
}

fn disk(dir: &Path, name: &str, bytes: &[u8]) -> FileSource {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    FileSource::Disk(p)
}

#[test]
fn copy_names() {
    assert_eq!(
        copy_out("stations/x/photo1.jpg", 480, "jpg"),
        "stations/x/photo1.480w.jpg"
    );
    assert_eq!(copy_out("logo.png", 960, "webp"), "logo.960w.webp");
    assert_eq!(copy_out("a/照片.jpeg", 480, "jpg"), "a/照片.480w.jpg");
}

#[test]
fn photo_gets_jpeg_copies_and_the_cache_is_reused() {
    let t = tempfile::tempdir().unwrap();
    let cache = t.path().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let src = disk(t.path(), "photo.jpg", &jpeg(1200, 800));
    let mode = Mode::Build { cache: &cache };
    let p = prepare(t.path(), "photo.jpg", &src, ImageFormat::Jpeg, &mode).unwrap();
    assert_eq!((p.width, p.height), (1200, 800));
    let widths: Vec<(u32, u32, &str)> = p
        .copies
        .iter()
        .map(|c| (c.width, c.height, c.ext))
        .collect();
    assert_eq!(
        widths,
        vec![(480, 320, "jpg"), (960, 640, "jpg")],
        "photos get no lossless WebP"
    );
    for c in &p.copies {
        let img = image::open(&c.cached).unwrap();
        assert_eq!((img.width(), img.height()), (c.width, c.height));
    }
    // A second run finds everything cached and writes nothing.
    let before: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.path(), e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    let again = prepare(t.path(), "photo.jpg", &src, ImageFormat::Jpeg, &mode).unwrap();
    assert_eq!(again.copies.len(), 2);
    let mut after: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.path(), e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after);
}

#[test]
fn drawing_gets_webp_copies() {
    let t = tempfile::tempdir().unwrap();
    let cache = t.path().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    let src = disk(t.path(), "chart.png", &flat_png(1000, 500));
    let p = prepare(
        t.path(),
        "chart.png",
        &src,
        ImageFormat::Png,
        &Mode::Build { cache: &cache },
    )
    .unwrap();
    let got: Vec<(u32, &str)> = p.copies.iter().map(|c| (c.width, c.ext)).collect();
    assert_eq!(
        got,
        vec![
            (480, "png"),
            (960, "png"),
            (480, "webp"),
            (960, "webp"),
            (1000, "webp")
        ]
    );
}

#[test]
fn check_mode_reads_only_the_header() {
    let t = tempfile::tempdir().unwrap();
    let src = disk(t.path(), "photo.jpg", &jpeg(640, 480));
    let p = prepare(t.path(), "photo.jpg", &src, ImageFormat::Jpeg, &Mode::Check).unwrap();
    assert_eq!((p.width, p.height, p.copies.len()), (640, 480, 0));
}

#[test]
fn decompression_bomb_is_refused_before_decoding() {
    // A 1×1 GIF whose header claims 20000×20000 pixels (400 megapixels).
    let mut buf = Vec::new();
    DynamicImage::ImageRgba8(image::RgbaImage::new(1, 1))
        .write_to(&mut Cursor::new(&mut buf), ImageFormat::Gif)
        .unwrap();
    let mut bomb = buf.clone();
    bomb[6..8].copy_from_slice(&20000u16.to_le_bytes());
    bomb[8..10].copy_from_slice(&20000u16.to_le_bytes());
    // The first frame's descriptor too (after the header, screen descriptor and palette).
    let t = tempfile::tempdir().unwrap();
    let src = disk(t.path(), "huge.gif", &bomb);
    let cache = t.path().join("cache");
    let r = prepare(
        t.path(),
        "huge.gif",
        &src,
        ImageFormat::Gif,
        &Mode::Build { cache: &cache },
    );
    let d = match r {
        Err(d) => d,
        Ok(p) => panic!("accepted a {}×{} image", p.width, p.height),
    };
    let msg = d.message.en.clone();
    assert!(msg.contains("megapixels"), "{msg}");
    assert!(!cache.exists() || std::fs::read_dir(&cache).unwrap().count() == 0);
}

#[test]
fn garbage_is_a_warning_not_a_panic() {
    let t = tempfile::tempdir().unwrap();
    let src = disk(t.path(), "broken.jpg", b"this is not a JPEG at all");
    let r = prepare(
        t.path(),
        "broken.jpg",
        &src,
        ImageFormat::Jpeg,
        &Mode::Check,
    );
    let d = r.err().expect("a warning");
    assert_eq!(d.severity, crate::diag::Severity::Warning);
}

fn sample_set() -> ImageSet {
    let mut set = ImageSet::default();
    let v = |u: &str, w: u32| Variant {
        url: u.into(),
        width: w,
        height: w / 2,
    };
    set.images.insert(
        "/a/照片.jpg".into(),
        ImageInfo {
            width: 1200,
            height: 600,
            variants: vec![v("/a/照片.480w.jpg", 480), v("/a/照片.jpg", 1200)],
            webp: Vec::new(),
        },
    );
    set.images.insert(
        "/logo.png".into(),
        ImageInfo {
            width: 1000,
            height: 500,
            variants: vec![v("/logo.480w.png", 480), v("/logo.png", 1000)],
            webp: vec![v("/logo.480w.webp", 480), v("/logo.1000w.webp", 1000)],
        },
    );
    set
}

#[test]
fn enrich_adds_srcset_and_dimensions() {
    let set = sample_set();
    let html = r#"<p><img src="/a/%E7%85%A7%E7%89%87.jpg" alt="x"></p><img src="/other.jpg"><img src="/logo.png" srcset="/mine.png 2x">"#;
    let out = enrich_html(html, &set);
    assert!(out.contains(r#"width="1200" height="600""#), "{out}");
    assert!(out.contains(r#"loading="lazy""#), "{out}");
    assert!(
        out.contains(
            r#"srcset="/a/%E7%85%A7%E7%89%87.480w.jpg 480w, /a/%E7%85%A7%E7%89%87.jpg 1200w""#
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(r#"sizes="{DEFAULT_SIZES}""#)),
        "{out}"
    );
    assert!(
        out.contains(r#"<img src="/other.jpg">"#),
        "unknown images are left alone: {out}"
    );
    assert!(
        out.contains(r#"<img src="/logo.png" srcset="/mine.png 2x">"#),
        "{out}"
    );
}

#[test]
fn enrich_wraps_webp_in_picture_and_keeps_given_attributes() {
    let set = sample_set();
    let out = enrich_html(
        r#"<img src="/logo.png" sizes="20rem" loading="eager" alt="">"#,
        &set,
    );
    assert!(
        out.starts_with(r#"<picture><source type="image/webp" srcset="/logo.480w.webp 480w, /logo.1000w.webp 1000w" sizes="20rem"><img"#),
        "{out}"
    );
    assert!(out.ends_with("</picture>"), "{out}");
    assert!(
        out.contains(r#"loading="eager""#) && !out.contains("lazy"),
        "{out}"
    );
}
