import views, math
from lib import *
def flat(path, tol=0.35):
    pts=[path.start()]
    for s in path.segs:
        if s[0]=='L': pts.append(s[2]); continue
        p0,c1,c2,p3=s[1:]
        d1=math.hypot(p0[0]-2*c1[0]+c2[0], p0[1]-2*c1[1]+c2[1]); d2=math.hypot(c1[0]-2*c2[0]+p3[0], c1[1]-2*c2[1]+p3[1])
        n=min(256,max(1,math.ceil(math.sqrt(0.75*max(d1,d2)/tol))))
        for i in range(1,n):
            t=i/n;u=1-t
            pts.append((u**3*p0[0]+3*u*u*t*c1[0]+3*u*t*t*c2[0]+t**3*p3[0],u**3*p0[1]+3*u*u*t*c1[1]+3*u*t*t*c2[1]+t**3*p3[1]))
        pts.append(p3)
    if math.dist(pts[0],pts[-1])<1e-4: pts.pop()
    return pts
def area(P): return sum(P[i][0]*P[(i+1)%len(P)][1]-P[(i+1)%len(P)][0]*P[i][1] for i in range(len(P)))/2
def tri(P):
    n=len(P); ccw=area(P)>0; idx=list(range(n)); out=[]; fb=0
    cr=lambda a,b,c:(b[0]-a[0])*(c[1]-a[1])-(b[1]-a[1])*(c[0]-a[0])
    while len(idx)>3:
        m=len(idx); ok=False
        for k in range(m):
            ia,ib,ic=idx[(k-1)%m],idx[k],idx[(k+1)%m]; a,b,c=P[ia],P[ib],P[ic]
            z=cr(a,b,c)
            if not (z>0 if ccw else z<0): continue
            bl=False
            for j in idx:
                if j in (ia,ib,ic): continue
                p=P[j]; d1,d2,d3=cr(a,b,p),cr(b,c,p),cr(c,a,p)
                if (d1>=0 and d2>=0 and d3>=0) if ccw else (d1<=0 and d2<=0 and d3<=0): bl=True;break
            if not bl: out.append((ia,ib,ic)); idx.pop(k); ok=True; break
        if not ok:
            fb+=1; print('fallback at', len(idx), [P[i] for i in idx[:6]]); out.append((idx[-1],idx[0],idx[1])); idx.pop(0)
    return fb
v = views.vert_post(142, 436)
full = v + mirror_x(v).rev()
P=flat(full)
print(len(P), area(P))
print(tri(P))
