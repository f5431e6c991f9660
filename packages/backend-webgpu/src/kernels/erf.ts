/**
 * erf in f32 to about 1e-7 absolute: the rational approximations of the classic fdlibm
 * single-precision design (coefficients are published minimax fits), one per range of |x|.
 * Past |x| = 1.25 it goes through erfc = exp(-x^2 - 0.5625 + R/S) / x, with x^2 split into a
 * short-mantissa part `z*z` (exact in f32) and a small correction, so the exponent argument
 * keeps its accuracy.
 */
export const ERF_WGSL = `
fn erf_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let a = abs(x);
  let s = sign(x);
  if (a < 0.84375) {
    if (a < 3.7252903e-9) { return x + 0.12837916613 * x; }
    let z = x * x;
    let r = 1.2837916613e-01 + z * (-3.2504209876e-01 + z * (-2.8481749818e-02 + z * (-5.7702702470e-03 + z * -2.3763017452e-05)));
    let q = 1.0 + z * (3.9791721106e-01 + z * (6.5022252500e-02 + z * (5.0813062117e-03 + z * (1.3249473704e-04 + z * -3.9602282413e-06))));
    return x + x * (r / q);
  }
  if (a < 1.25) {
    let t = a - 1.0;
    let p = -2.3621185683e-03 + t * (4.1485610604e-01 + t * (-3.7220788002e-01 + t * (3.1834661961e-01 + t * (-1.1089469492e-01 + t * (3.5478305072e-02 + t * -2.1663755178e-03)))));
    let q = 1.0 + t * (1.0642088205e-01 + t * (5.4039794207e-01 + t * (7.1828655899e-02 + t * (1.2617121637e-01 + t * (1.3637083583e-02 + t * 1.1984500103e-02)))));
    return s * (8.4506291151e-01 + p / q);
  }
  if (a >= 6.0) { return s; }
  let w = 1.0 / (a * a);
  var r: f32;
  var q: f32;
  if (a < 2.857142857) {
    r = -9.8649440333e-03 + w * (-6.9385856390e-01 + w * (-1.0558626175e+01 + w * (-6.2375331879e+01 + w * (-1.6239666748e+02 + w * (-1.8460508728e+02 + w * (-8.1287437439e+01 + w * -9.8143291473e+00))))));
    q = 1.0 + w * (1.9651271820e+01 + w * (1.3765776062e+02 + w * (4.3456588745e+02 + w * (6.4538726807e+02 + w * (4.2900814819e+02 + w * (1.0863500214e+02 + w * (6.5702495575e+00 + w * -6.0424413532e-02)))))));
  } else {
    r = -9.8649431020e-03 + w * (-7.9928326607e-01 + w * (-1.7757955551e+01 + w * (-1.6063638306e+02 + w * (-6.3756646729e+02 + w * (-1.0250950928e+03 + w * -4.8351919556e+02)))));
    q = 1.0 + w * (3.0338060379e+01 + w * (3.2579251099e+02 + w * (1.5367296143e+03 + w * (3.1998581543e+03 + w * (2.5530502930e+03 + w * (4.7452853394e+02 + w * -2.2440952301e+01))))));
  }
  let z = bitcast<f32>(bitcast<u32>(a) & 0xfffff000u);
  let e = exp(-z * z - 0.5625) * exp((z - a) * (z + a) + r / q);
  return s * (1.0 - e / a);
}`;
