const FACTORS = {mm: 0.001, cm: 0.01, m: 1, km: 1000}
export function convert(value, from, to){
    if(!(from in FACTORS)||!(to in FACTORS)) throw new Error('unknown unit: '+from+' or '+to)
  return value*FACTORS[from]/FACTORS[to]
}
export const table = Object.keys(FACTORS).map(u => ({unit:u, metres: convert(1,u,'m')}))
