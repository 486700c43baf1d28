//! Every accepted container decodes to the same payload; GIF gives its
//! first frame.

#[path = "support/corpus.rs"]
mod corpus;

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, RgbImage};

fn page() -> (RgbImage, String) {
    let mut rng = corpus::Rng::new(7);
    let payload = corpus::otpauth(&mut rng);
    let patch = corpus::qr_patch(&payload, 4, [0, 0, 0], [255, 255, 255]);
    let page = corpus::settings_page(800, 600, 1, &corpus::LIGHT, &mut rng, &[patch]);
    (page, payload)
}

fn encoded(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(img.clone()).write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

#[test]
fn png_jpeg_bmp_webp_and_gif_all_decode() {
    let (page, payload) = page();
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Bmp, ImageFormat::WebP, ImageFormat::Gif] {
        let bytes = encoded(&page, format);
        let image = omamori_scan::decode_image(&bytes).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(omamori_scan::scan(&image).payloads, vec![payload.clone()], "{format:?}");
    }
}

#[test]
fn an_animated_gif_gives_its_first_frame() {
    use image::codecs::gif::GifEncoder;
    let (page, payload) = page();
    let blank = RgbImage::from_pixel(page.width(), page.height(), image::Rgb([255, 255, 255]));
    let mut bytes = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut bytes);
        for img in [&page, &blank] {
            let rgba = DynamicImage::ImageRgb8(img.clone()).to_rgba8();
            enc.encode_frame(image::Frame::new(rgba)).unwrap();
        }
    }
    let image = omamori_scan::decode_image(&bytes).unwrap();
    assert_eq!(omamori_scan::scan(&image).payloads, vec![payload]);
}

#[test]
fn raw_rgba_buffers_scan_like_images() {
    let (page, payload) = page();
    let rgba = DynamicImage::ImageRgb8(page).to_rgba8();
    let scan = omamori_scan::scan_rgba(rgba.width(), rgba.height(), rgba.as_raw(), &omamori_scan::Options::default());
    assert_eq!(scan.unwrap().payloads, vec![payload]);
    assert!(omamori_scan::scan_rgba(10, 10, &[0; 12], &omamori_scan::Options::default()).is_none());
}

#[test]
fn scanning_is_deterministic_and_in_reading_order() {
    let case = corpus::case(corpus::Category::Multiple, 0, 2);
    let options = omamori_scan::Options::default().unbounded_time();
    let first = omamori_scan::scan_with(&case.image, &options);
    // Four codes side by side, generated left to right.
    assert_eq!(first.payloads, case.expected);
    assert_eq!(omamori_scan::scan_with(&case.image, &options), first);
}
