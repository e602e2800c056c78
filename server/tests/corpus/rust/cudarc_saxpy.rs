//! SAXPY (y = a*x + y) on an NVIDIA GPU with cudarc 0.11: the kernel is
//! compiled at run time with NVRTC, the data is copied to the device, the
//! kernel runs there and the result is copied back.

use std::error::Error;

use cudarc::driver::{CudaDevice, LaunchAsync, LaunchConfig};
use cudarc::nvrtc::compile_ptx;

const KERNEL: &str = r#"
extern "C" __global__ void saxpy(float *y, const float *x, float a, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        y[i] = a * x[i] + y[i];
    }
}
"#;

fn host_saxpy(y: &mut [f32], x: &[f32], a: f32) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let n: usize = 1 << 20;
    let a = 0.5f32;
    let x: Vec<f32> = (0..n).map(|i| (i % 100) as f32).collect();
    let y: Vec<f32> = vec![1.0; n];

    let device = CudaDevice::new(0)?;
    let ptx = compile_ptx(KERNEL)?;
    device.load_ptx(ptx, "blas", &["saxpy"])?;
    let saxpy = device.get_func("blas", "saxpy").ok_or("kernel saxpy not found")?;

    let x_dev = device.htod_copy(x.clone())?;
    let mut y_dev = device.htod_copy(y.clone())?;

    // Three rounds on the device: y = y + 3 * a * x.
    let config = LaunchConfig::for_num_elems(n as u32);
    for _round in 0..3 {
        unsafe { saxpy.clone().launch(config, (&mut y_dev, &x_dev, a, n as i32)) }?;
    }
    let gpu_result = device.dtoh_sync_copy(&y_dev)?;

    // The same computation on the CPU, to check the GPU answer.
    let mut expected = y;
    for _round in 0..3 {
        host_saxpy(&mut expected, &x, a);
    }

    let worst = gpu_result
        .iter()
        .zip(&expected)
        .map(|(g, e)| (g - e).abs())
        .fold(0.0f32, f32::max);
    println!("n = {n}, max abs error = {worst:e}");
    if worst > 1e-3 {
        return Err("GPU and CPU results differ".into());
    }
    Ok(())
}
