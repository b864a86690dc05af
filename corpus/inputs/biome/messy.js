const  answer = {value:42,   label : 'the answer'}
function   describe( thing ){ return thing.label+" is "+thing.value }
console.log( describe(answer) )
