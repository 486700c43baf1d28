fn main() {
    let a: Vec<String> = std::env::args().collect();
    let img = image::open(&a[1]).unwrap().to_luma8();
    for f in [1.0f32, 0.8, 0.6, 1.2, 1.5, 2.0] {
        for filt in [image::imageops::FilterType::Nearest, image::imageops::FilterType::Triangle] {
            let w = (img.width() as f32 * f) as u32;
            let h = (img.height() as f32 * f) as u32;
            let r = image::imageops::resize(&img, w, h, filt);
            let ww = w as usize;
            let data = r.as_raw();
            let mut p = rqrr::PreparedImage::prepare_from_greyscale(ww, h as usize, |x, y| data[y * ww + x]);
            let grids = p.detect_grids();
            let res: Vec<_> = grids.iter().map(|g| g.decode().map(|x| x.1.len()).map_err(|e| format!("{e:?}"))).collect();
            println!("f={f} {filt:?} grids={} {:?}", grids.len(), res);
        }
    }
}
